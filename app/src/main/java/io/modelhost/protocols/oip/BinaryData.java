package io.modelhost.protocols.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jspecify.annotations.Nullable;

/**
 * The binary tensor data of a request after its JSON header: each input that carries
 * {@code binary_data_size} takes that many bytes, in the order of the header's inputs.
 * Not thread-safe: one request's parse reads it once, front to back.
 */
final class BinaryData {

	private final byte[] body;

	/** The first byte not yet taken; {@code <= body.length}. */
	private int next;

	private final int start;

	BinaryData(byte[] body, int start) {
		this.body = body;
		this.start = start;
		this.next = start;
	}

	/** None: a body that is all JSON. */
	static BinaryData none() {
		return new BinaryData(new byte[0], 0);
	}

	/** The bytes after the JSON header. */
	int size() {
		return this.body.length - this.start;
	}

	/** The bytes not taken yet. */
	int remaining() {
		return this.body.length - this.next;
	}

	/** The bytes taken so far. */
	int taken() {
		return this.next - this.start;
	}

	/**
	 * The next {@code size} bytes as a little-endian buffer, or null (taking nothing) if
	 * fewer remain.
	 */
	@Nullable ByteBuffer take(long size) {
		if (size < 0 || size > remaining()) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(this.body, this.next, (int) size).slice().order(ByteOrder.LITTLE_ENDIAN);
		this.next += (int) size;
		return buffer;
	}

}
