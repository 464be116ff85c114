package io.modelhost.engine.onnx;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads the protobuf wire format from a stream one field at a time, without building
 * messages. Length-delimited fields that nobody asks for are skipped, never allocated, so
 * a multi-gigabyte file costs no more memory than a small one. Not thread-safe.
 */
final class WireInput {

	static final int VARINT = 0;

	static final int FIXED64 = 1;

	static final int LENGTH_DELIMITED = 2;

	static final int FIXED32 = 5;

	private final InputStream in;

	/** Bytes the whole input holds; no field may reach past it. */
	private final long size;

	/** Bytes consumed so far; never more than {@link #size}. */
	private long position;

	WireInput(InputStream in, long size) {
		this.in = in;
		this.size = size;
	}

	long size() {
		return this.size;
	}

	long position() {
		return this.position;
	}

	/**
	 * The next tag of a message that ends at {@code end}, or -1 where it ends.
	 * @throws WireFormatException if the tag is not a valid protobuf tag
	 */
	int readTag(long end) throws IOException {
		if (this.position == end) {
			return -1;
		}
		long tag = readVarint(end);
		if (tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
			throw new WireFormatException("invalid tag " + tag + " at " + (this.position - 1));
		}
		return (int) tag;
	}

	/** A varint that ends before {@code end}. */
	long readVarint(long end) throws IOException {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (this.position >= end) {
				throw new WireFormatException("varint runs past the end of its message at " + this.position);
			}
			int next = read();
			value |= (long) (next & 0x7f) << shift;
			if ((next & 0x80) == 0) {
				return value;
			}
		}
		throw new WireFormatException("varint longer than 10 bytes at " + this.position);
	}

	/** A little-endian fixed32 or fixed64 value of {@code bytes} bytes. */
	long readFixed(int bytes, long end) throws IOException {
		checkedEnd(bytes, end);
		long value = 0;
		for (int i = 0; i < bytes; i++) {
			value |= (long) read() << (8 * i);
		}
		return value;
	}

	/** The end position of a length-delimited field whose length comes next. */
	long readEnd(long end) throws IOException {
		long length = readVarint(end);
		if (length < 0 || length > end - this.position) {
			throw new WireFormatException("field of " + length + " bytes at " + this.position + " runs past " + end);
		}
		return this.position + length;
	}

	/** Skips the value of a field of the given wire type. */
	void skipValue(int wireType, long end) throws IOException {
		switch (wireType) {
			case VARINT -> readVarint(end);
			case FIXED64 -> skipTo(checkedEnd(8, end));
			case LENGTH_DELIMITED -> skipTo(readEnd(end));
			case FIXED32 -> skipTo(checkedEnd(4, end));
			default -> throw new WireFormatException("unsupported wire type " + wireType + " at " + this.position);
		}
	}

	/**
	 * Reads a length-delimited field as UTF-8 text if it holds at most {@code maxBytes}
	 * bytes; skips it and returns null otherwise.
	 */
	@Nullable String readText(long end, int maxBytes) throws IOException {
		long fieldEnd = readEnd(end);
		long length = fieldEnd - this.position;
		if (length > maxBytes) {
			skipTo(fieldEnd);
			return null;
		}
		byte[] bytes = this.in.readNBytes((int) length);
		if (bytes.length != length) {
			throw new EOFException("input ends at " + (this.position + bytes.length));
		}
		this.position = fieldEnd;
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Reads a length-delimited field's bytes if it holds at most {@code maxBytes}; skips
	 * it and returns null otherwise.
	 */
	byte @Nullable [] readBytes(long end, int maxBytes) throws IOException {
		long fieldEnd = readEnd(end);
		long length = fieldEnd - this.position;
		if (length > maxBytes) {
			skipTo(fieldEnd);
			return null;
		}
		byte[] bytes = this.in.readNBytes((int) length);
		if (bytes.length != length) {
			throw new EOFException("input ends at " + (this.position + bytes.length));
		}
		this.position = fieldEnd;
		return bytes;
	}

	/** Skips forward to an absolute position. */
	void skipTo(long target) throws IOException {
		if (target < this.position || target > this.size) {
			throw new WireFormatException("cannot skip from " + this.position + " to " + target);
		}
		this.in.skipNBytes(target - this.position);
		this.position = target;
	}

	private long checkedEnd(int length, long end) throws WireFormatException {
		if (length > end - this.position) {
			throw new WireFormatException("fixed field at " + this.position + " runs past " + end);
		}
		return this.position + length;
	}

	private int read() throws IOException {
		int next = this.in.read();
		if (next < 0) {
			throw new EOFException("input ends at " + this.position);
		}
		this.position++;
		return next;
	}

}
