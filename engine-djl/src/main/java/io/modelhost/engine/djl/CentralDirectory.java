package io.modelhost.engine.djl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

import io.modelhost.engine.ModelRejectedException.Kind;

/**
 * Reads a zip archive's central directory and local headers with plain Java, so that an
 * archive can be judged before any native code opens it.
 *
 * <p>
 * Strict where zip readers differ: the end record must close the file, the central
 * directory must end where the end records begin, ZIP64 values must agree with the
 * classic ones they replace, and a local header must repeat its entry's name. Nothing is
 * read that the file does not hold; every length is checked against the file first. Not
 * thread-safe: the channel's position moves.
 */
final class CentralDirectory {

	private static final int END_SIGNATURE = 0x06054b50;

	private static final int END_SIZE = 22;

	private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

	private static final int ZIP64_LOCATOR_SIZE = 20;

	private static final int ZIP64_END_SIGNATURE = 0x06064b50;

	private static final int ZIP64_END_SIZE = 56;

	private static final int ENTRY_SIGNATURE = 0x02014b50;

	private static final int ENTRY_SIZE = 46;

	private static final int LOCAL_SIGNATURE = 0x04034b50;

	private static final int LOCAL_SIZE = 30;

	private static final int UNIX = 3;

	private static final int SYMBOLIC_LINK = 0xa000;

	private final FileChannel channel;

	/** Where the first entry record starts. */
	private final long offset;

	/** How many bytes the entry records take, exactly. */
	private final long length;

	private final long entryCount;

	private CentralDirectory(FileChannel channel, long offset, long length, long entryCount) {
		this.channel = channel;
		this.offset = offset;
		this.length = length;
		this.entryCount = entryCount;
	}

	/**
	 * Finds the central directory through the end record (and its ZIP64 counterpart).
	 * @throws ArchiveFormatException if the file is not a well-formed single-part zip
	 */
	static CentralDirectory locate(FileChannel channel) throws IOException {
		long size = channel.size();
		if (size < END_SIZE) {
			throw invalid("The file is too short to be a zip archive");
		}
		int tailLength = (int) Math.min(size, END_SIZE + 0xffff);
		ByteBuffer tail = read(channel, size - tailLength, tailLength);
		int end = -1;
		for (int at = tailLength - END_SIZE; at >= 0; at--) {
			if (tail.getInt(at) == END_SIGNATURE && (tail.getShort(at + 20) & 0xffff) == tailLength - at - END_SIZE) {
				end = at;
				break;
			}
		}
		if (end < 0) {
			throw invalid("The zip archive has no end record: the file is truncated or not a zip archive");
		}
		long endPosition = size - tailLength + end;
		if (tail.getShort(end + 4) != 0 || tail.getShort(end + 6) != 0
				|| tail.getShort(end + 8) != tail.getShort(end + 10)) {
			throw new ArchiveFormatException(Kind.UNSUPPORTED,
					"Zip archives split over several parts are not supported");
		}
		long entryCount = tail.getShort(end + 10) & 0xffff;
		long length = tail.getInt(end + 12) & 0xffffffffL;
		long offset = tail.getInt(end + 16) & 0xffffffffL;
		long directoryEnd = endPosition;
		ByteBuffer locator = (endPosition >= ZIP64_LOCATOR_SIZE)
				? read(channel, endPosition - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE) : null;
		if (locator != null && locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
			long zip64End = locator.getLong(8);
			if (zip64End < 0 || zip64End > endPosition - ZIP64_LOCATOR_SIZE - ZIP64_END_SIZE) {
				throw invalid("The zip archive's ZIP64 end record lies outside the file");
			}
			ByteBuffer record = read(channel, zip64End, ZIP64_END_SIZE);
			if (record.getInt(0) != ZIP64_END_SIGNATURE || record.getInt(16) != 0 || record.getInt(20) != 0) {
				throw invalid("The zip archive's ZIP64 end record is damaged");
			}
			entryCount = reconcile(entryCount, 0xffff, record.getLong(32));
			length = reconcile(length, 0xffffffffL, record.getLong(40));
			offset = reconcile(offset, 0xffffffffL, record.getLong(48));
			directoryEnd = zip64End;
		}
		if (offset < 0 || length < 0 || offset + length != directoryEnd) {
			throw invalid("The zip archive's central directory does not end where its end record begins");
		}
		if (entryCount < 0 || entryCount > length / ENTRY_SIZE) {
			throw invalid("The zip archive claims more entries than its central directory can hold");
		}
		return new CentralDirectory(channel, offset, length, entryCount);
	}

	/** A ZIP64 value where the classic field is saturated; both must agree otherwise. */
	private static long reconcile(long classic, long saturated, long zip64) throws ArchiveFormatException {
		if (classic != saturated && classic != zip64) {
			throw invalid("The zip archive's end records disagree");
		}
		return zip64;
	}

	/** How many entries the end record declares. */
	long entryCount() {
		return this.entryCount;
	}

	/**
	 * Reads the entries in order, handing each to the visitor until it returns false.
	 * @throws ArchiveFormatException if a record is damaged or the records do not fill
	 * the central directory exactly
	 */
	void read(Predicate<ArchiveEntry> visitor) throws IOException {
		this.channel.position(this.offset);
		InputStream in = new BufferedInputStream(Channels.newInputStream(this.channel), 64 * 1024);
		long consumed = 0;
		for (long i = 0; i < this.entryCount; i++) {
			ByteBuffer fixed = ByteBuffer.wrap(readExactly(in, ENTRY_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
			if (fixed.getInt(0) != ENTRY_SIGNATURE) {
				throw invalid("The zip archive's central directory is damaged");
			}
			int nameLength = fixed.getShort(28) & 0xffff;
			int extraLength = fixed.getShort(30) & 0xffff;
			int commentLength = fixed.getShort(32) & 0xffff;
			consumed += ENTRY_SIZE + nameLength + extraLength + commentLength;
			if (consumed > this.length) {
				throw invalid("An entry record runs past the zip archive's central directory");
			}
			byte[] name = readExactly(in, nameLength);
			byte[] extra = readExactly(in, extraLength);
			in.skipNBytes(commentLength);
			if (!visitor.test(entry(fixed, name, extra))) {
				return;
			}
		}
		if (consumed != this.length) {
			throw invalid("The zip archive's central directory holds more than its entries");
		}
	}

	private static ArchiveEntry entry(ByteBuffer fixed, byte[] rawName, byte[] extra) throws ArchiveFormatException {
		long compressedSize = fixed.getInt(20) & 0xffffffffL;
		long size = fixed.getInt(24) & 0xffffffffL;
		long localHeaderOffset = fixed.getInt(42) & 0xffffffffL;
		ByteBuffer fields = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
		while (fields.remaining() >= 4) {
			int id = fields.getShort() & 0xffff;
			int fieldLength = fields.getShort() & 0xffff;
			if (fieldLength > fields.remaining()) {
				throw invalid("An entry's extra field runs past its record");
			}
			ByteBuffer field = fields.slice(fields.position(), fieldLength).order(ByteOrder.LITTLE_ENDIAN);
			fields.position(fields.position() + fieldLength);
			if (id == 0x0001) {
				// the ZIP64 values follow in this order, each only if its field is
				// saturated
				size = (size == 0xffffffffL) ? zip64Value(field) : size;
				compressedSize = (compressedSize == 0xffffffffL) ? zip64Value(field) : compressedSize;
				localHeaderOffset = (localHeaderOffset == 0xffffffffL) ? zip64Value(field) : localHeaderOffset;
			}
		}
		int madeBy = (fixed.getShort(4) & 0xffff) >>> 8;
		long mode = (fixed.getInt(38) & 0xffffffffL) >>> 16;
		boolean symbolicLink = madeBy == UNIX && (mode & 0xf000) == SYMBOLIC_LINK;
		return new ArchiveEntry(name(rawName), fixed.getShort(8) & 0xffff, fixed.getShort(10) & 0xffff,
				fixed.getInt(16) & 0xffffffffL, compressedSize, size, localHeaderOffset, symbolicLink);
	}

	private static long zip64Value(ByteBuffer field) throws ArchiveFormatException {
		if (field.remaining() < 8) {
			throw invalid("An entry's ZIP64 field is too short");
		}
		long value = field.getLong();
		if (value < 0) {
			throw invalid("An entry declares a size or offset beyond 2^63");
		}
		return value;
	}

	private static String name(byte[] raw) throws ArchiveFormatException {
		try {
			String name = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(raw))
				.toString();
			if (name.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
				throw invalid("An entry name holds control characters");
			}
			return name;
		}
		catch (CharacterCodingException ex) {
			throw invalid("An entry name is not valid UTF-8");
		}
	}

	/**
	 * Where the entry's data starts, from its local header, which must repeat the entry's
	 * name and method and lie, with the data, before the central directory.
	 * @throws ArchiveFormatException if the local header is missing or disagrees
	 */
	long dataOffset(ArchiveEntry entry) throws IOException {
		if (entry.localHeaderOffset() > this.offset - LOCAL_SIZE) {
			throw invalid("Entry '" + entry.display() + "' starts outside the zip archive's data");
		}
		ByteBuffer header = read(this.channel, entry.localHeaderOffset(), LOCAL_SIZE);
		if (header.getInt(0) != LOCAL_SIGNATURE) {
			throw invalid("Entry '" + entry.display() + "' has no local header where the directory says");
		}
		int nameLength = header.getShort(26) & 0xffff;
		int extraLength = header.getShort(28) & 0xffff;
		long dataOffset = entry.localHeaderOffset() + LOCAL_SIZE + nameLength + extraLength;
		if (dataOffset > this.offset || entry.compressedSize() > this.offset - dataOffset) {
			throw invalid("Entry '" + entry.display() + "' runs into the zip archive's central directory");
		}
		byte[] localName = new byte[nameLength];
		read(this.channel, entry.localHeaderOffset() + LOCAL_SIZE, nameLength).get(localName);
		if (!Arrays.equals(localName, entry.name().getBytes(StandardCharsets.UTF_8))) {
			throw new ArchiveFormatException(Kind.UNSAFE,
					"Entry '" + entry.display() + "' has another name in its local header");
		}
		if ((header.getShort(8) & 0xffff) != entry.method() || (header.getShort(6) & 0x41) != 0) {
			throw invalid("Entry '" + entry.display() + "' has a local header that disagrees with the directory");
		}
		return dataOffset;
	}

	/** Exactly {@code length} bytes from {@code position}, little-endian. */
	static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				throw invalid("The zip archive ends early: the file is truncated");
			}
		}
		return buffer.flip();
	}

	private static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw invalid("The zip archive ends early: the file is truncated");
		}
		return bytes;
	}

	private static ArchiveFormatException invalid(String message) {
		return new ArchiveFormatException(Kind.INVALID, message);
	}

}
