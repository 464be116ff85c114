package io.modelhost.trainer.images;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protocol buffers message in the wire format, field by field, for the few
 * field kinds an ONNX model needs: varints, 32-bit floats, strings, bytes and nested
 * messages. Repeated fields are written one tag per element, which every protobuf parser
 * reads.
 *
 * <p>
 * Not thread-safe; one writer per message.
 */
final class ProtoWriter {

	private static final int VARINT = 0;

	private static final int LENGTH_DELIMITED = 2;

	private static final int FIXED32 = 5;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	/** An int32, int64 or enum field. */
	ProtoWriter varint(int field, long value) {
		tag(field, VARINT);
		raw(value);
		return this;
	}

	/** A float field. */
	ProtoWriter fixed32(int field, float value) {
		tag(field, FIXED32);
		int bits = Float.floatToRawIntBits(value);
		for (int i = 0; i < 4; i++) {
			this.bytes.write(bits >>> (8 * i));
		}
		return this;
	}

	/** A string field, UTF-8. */
	ProtoWriter string(int field, String value) {
		return bytes(field, value.getBytes(StandardCharsets.UTF_8));
	}

	/** A bytes field. */
	ProtoWriter bytes(int field, byte[] value) {
		tag(field, LENGTH_DELIMITED);
		raw(value.length);
		this.bytes.writeBytes(value);
		return this;
	}

	/** An embedded message field. */
	ProtoWriter message(int field, ProtoWriter message) {
		return bytes(field, message.toByteArray());
	}

	/** Floats as little-endian IEEE 754 bytes, as ONNX's {@code raw_data} holds them. */
	static byte[] littleEndian(float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(values);
		return buffer.array();
	}

	byte[] toByteArray() {
		return this.bytes.toByteArray();
	}

	private void tag(int field, int wireType) {
		raw(((long) field << 3) | wireType);
	}

	private void raw(long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			this.bytes.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		this.bytes.write((int) rest);
	}

}
