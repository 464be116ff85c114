package io.modelhost.engine.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds zip archives for tests with {@code java.util.zip}, and patches their headers
 * where {@code java.util.zip} refuses to write a lie.
 */
final class TestArchives {

	private static final int CENTRAL = 0x02014b50;

	private static final int LOCAL = 0x04034b50;

	private TestArchives() {
	}

	/** Every entry of a zip file, by name, in order. */
	static Map<String, byte[]> entries(Path zip) throws IOException {
		var entries = new LinkedHashMap<String, byte[]>();
		try (var file = new ZipFile(zip.toFile())) {
			for (ZipEntry entry : Collections.list(file.entries())) {
				entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
			}
		}
		return entries;
	}

	/** A zip of the entries, deflated, in order. */
	static byte[] zip(Map<String, byte[]> entries) throws IOException {
		var bytes = new ByteArrayOutputStream();
		try (var out = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(entry.getKey()));
				out.write(entry.getValue());
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/** The entries of a zip file followed by more. */
	static byte[] zipWith(Path zip, Map<String, byte[]> more) throws IOException {
		Map<String, byte[]> entries = entries(zip);
		entries.putAll(more);
		return zip(entries);
	}

	/** Where the central directory record of the named entry starts. */
	static int central(byte[] zip, String name) {
		return record(zip, CENTRAL, 46, 28, name);
	}

	/** Where the local header of the named entry starts. */
	static int local(byte[] zip, String name) {
		return record(zip, LOCAL, 30, 26, name);
	}

	private static int record(byte[] zip, int signature, int fixed, int nameLengthAt, String name) {
		byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
		for (int at = 0; at + fixed + wanted.length <= zip.length; at++) {
			if (buffer.getInt(at) == signature && (buffer.getShort(at + nameLengthAt) & 0xffff) == wanted.length
					&& Arrays.equals(zip, at + fixed, at + fixed + wanted.length, wanted, 0, wanted.length)) {
				return at;
			}
		}
		throw new IllegalArgumentException("no record for " + name);
	}

	static void putInt(byte[] zip, int at, int value) {
		ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
	}

	static void putShort(byte[] zip, int at, int value) {
		ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
	}

	static void putName(byte[] zip, int at, String name) {
		byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(bytes, 0, zip, at, bytes.length);
	}

}
