package io.modelhost.engine.jpmml;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level reads a pickle needs, counting the position for error messages. Never
 * allocates more than {@link #MAX_LINE} bytes for one read: long runs are skipped.
 */
final class PickleInput {

	/** The longest text line (protocol 0) accepted. */
	static final int MAX_LINE = 4096;

	private final PushbackInputStream in;

	private long position;

	PickleInput(InputStream in) {
		this.in = new PushbackInputStream(in, 1);
	}

	long position() {
		return this.position;
	}

	boolean hasMore() throws IOException {
		int next = this.in.read();
		if (next < 0) {
			return false;
		}
		this.in.unread(next);
		return true;
	}

	int u1() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw endsEarly();
		}
		this.position++;
		return b;
	}

	long s4() throws IOException {
		return (int) u4();
	}

	long u4() throws IOException {
		long value = 0;
		for (int i = 0; i < 4; i++) {
			value |= (long) u1() << (8 * i);
		}
		return value;
	}

	long u8() throws IOException {
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value |= (long) u1() << (8 * i);
		}
		if (value < 0) {
			throw new MalformedPickleException("a length beyond 2^63 at byte " + this.position);
		}
		return value;
	}

	String line() throws IOException {
		var line = new StringBuilder();
		while (true) {
			int b = u1();
			if (b == '\n') {
				return line.toString();
			}
			if (line.length() >= MAX_LINE) {
				throw new MalformedPickleException("a line longer than " + MAX_LINE + " bytes");
			}
			line.append((char) b);
		}
	}

	String utf8(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		this.position += bytes.length;
		if (bytes.length < length) {
			throw endsEarly();
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	void skip(long length) throws IOException {
		long remaining = length;
		while (remaining > 0) {
			long skipped = this.in.skip(remaining);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw endsEarly();
				}
				skipped = 1;
			}
			remaining -= skipped;
			this.position += skipped;
		}
	}

	private EOFException endsEarly() {
		return new EOFException("the pickle ends early, at byte " + this.position);
	}

}
