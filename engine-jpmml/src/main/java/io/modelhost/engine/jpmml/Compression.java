package io.modelhost.engine.jpmml;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The ways joblib compresses a pickle, recognised by their leading bytes.
 */
enum Compression {

	NONE("uncompressed"), ZLIB("zlib-compressed"), GZIP("gzip-compressed"), LZMA("lzma-compressed"),
	XZ("xz-compressed");

	/**
	 * The most memory the LZMA decoder may use, in KiB (joblib's presets need far less).
	 */
	private static final int LZMA_MEMORY_LIMIT_KIB = 256 * 1024;

	private final String description;

	Compression(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	/** The compression the head bytes announce; {@link #NONE} when none is recognised. */
	static Compression of(byte[] head) {
		if (head.length >= 2 && (head[0] & 0xff) == 0x78 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0) {
			return ZLIB;
		}
		if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
			return GZIP;
		}
		if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
				&& head[4] == 'Z' && head[5] == 0) {
			return XZ;
		}
		// joblib's "lzma" writes the legacy .lzma format: properties byte 0x5d, then the
		// dictionary size, then the uncompressed size (-1: unknown)
		if (head.length >= 13 && (head[0] & 0xff) == 0x5d && head[1] == 0 && head[2] == 0) {
			return LZMA;
		}
		return NONE;
	}

	/** Wraps a stream positioned at the start of the file so that it reads the pickle. */
	InputStream decode(InputStream in) throws IOException {
		return switch (this) {
			case NONE -> in;
			case ZLIB -> new InflaterInputStream(in);
			case GZIP -> new GZIPInputStream(in);
			case LZMA -> new LZMAInputStream(in, LZMA_MEMORY_LIMIT_KIB);
			case XZ -> new XZInputStream(in, LZMA_MEMORY_LIMIT_KIB);
		};
	}

}
