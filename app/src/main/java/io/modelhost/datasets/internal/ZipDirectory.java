package io.modelhost.datasets.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The central directory of a zip file, read by hand for what
 * {@link java.util.zip.ZipFile} does not tell: each entry's Unix file type (a symbolic
 * link, a device) and whether it is encrypted. Reads only the end of the file and the
 * directory, never trusting a count or an offset before checking it against the file's
 * size.
 */
final class ZipDirectory {

	private static final int END_SIGNATURE = 0x06054b50;

	private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

	private static final int HEADER_SIGNATURE = 0x02014b50;

	private static final int END_SIZE = 22;

	private static final int HEADER_SIZE = 46;

	private static final int UNIX = 3;

	private static final int FILE_TYPE_MASK = 0170000;

	private static final int REGULAR_FILE = 0100000;

	private static final int DIRECTORY = 0040000;

	private ZipDirectory() {
	}

	/**
	 * The entries the central directory lists, in its order.
	 * @param maxEntries the most entries read; more is {@link TooManyEntriesException}
	 * @throws NotAZipException when the file is no zip this reader takes (no end record,
	 * a split or zip64 archive, a directory past the file's end, a name not UTF-8)
	 */
	static List<Listed> read(Path file, int maxEntries) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			if (size < END_SIZE) {
				throw new NotAZipException("the file is not a zip archive");
			}
			int tail = (int) Math.min(size, END_SIZE + 0xffff);
			ByteBuffer end = read(channel, size - tail, tail);
			int at = -1;
			for (int i = tail - END_SIZE; i >= 0; i--) {
				if (end.getInt(i) == END_SIGNATURE && i + END_SIZE + (end.getShort(i + 20) & 0xffff) <= tail) {
					at = i;
					break;
				}
			}
			if (at < 0) {
				throw new NotAZipException("the file is not a zip archive");
			}
			int disk = end.getShort(at + 4) & 0xffff;
			int directoryDisk = end.getShort(at + 6) & 0xffff;
			int count = end.getShort(at + 10) & 0xffff;
			long directorySize = end.getInt(at + 12) & 0xffffffffL;
			boolean zip64 = at >= 20 && end.getInt(at - 20) == ZIP64_LOCATOR_SIGNATURE;
			if (zip64 || count == 0xffff || directorySize == 0xffffffffL) {
				throw new NotAZipException(
						"the archive is a zip64 archive; make an ordinary zip (under 65535 " + "entries and 4 GB)");
			}
			if (disk != 0 || directoryDisk != 0) {
				throw new NotAZipException("the archive is split into parts; upload a single zip file");
			}
			if (count > maxEntries) {
				throw new TooManyEntriesException(count);
			}
			long endPosition = size - tail + at;
			// the directory ends where the end record starts, whatever its stated offset
			// (data may precede the archive)
			long directoryStart = endPosition - directorySize;
			if (directoryStart < 0 || directorySize > Integer.MAX_VALUE - 8) {
				throw new NotAZipException("the zip archive is damaged: its directory lies outside the file");
			}
			ByteBuffer directory = read(channel, directoryStart, (int) directorySize);
			var entries = new ArrayList<Listed>(count);
			int position = 0;
			for (int i = 0; i < count; i++) {
				if (position + HEADER_SIZE > directorySize || directory.getInt(position) != HEADER_SIGNATURE) {
					throw new NotAZipException("the zip archive is damaged: its directory is cut short");
				}
				int madeBy = (directory.getShort(position + 4) & 0xffff) >>> 8;
				int flags = directory.getShort(position + 8) & 0xffff;
				long compressed = directory.getInt(position + 20) & 0xffffffffL;
				int nameLength = directory.getShort(position + 28) & 0xffff;
				int extraLength = directory.getShort(position + 30) & 0xffff;
				int commentLength = directory.getShort(position + 32) & 0xffff;
				int external = directory.getInt(position + 38);
				int next = position + HEADER_SIZE + nameLength + extraLength + commentLength;
				if (next > directorySize) {
					throw new NotAZipException("the zip archive is damaged: its directory is cut short");
				}
				String name = name(directory.slice(position + HEADER_SIZE, nameLength));
				int fileType = (madeBy == UNIX) ? (external >>> 16) & FILE_TYPE_MASK : 0;
				entries.add(new Listed(name, fileType, (flags & 1) != 0, compressed));
				position = next;
			}
			return entries;
		}
	}

	private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				throw new NotAZipException("the zip archive is damaged: it ends early");
			}
		}
		return buffer.flip();
	}

	private static String name(ByteBuffer bytes) throws NotAZipException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes)
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new NotAZipException("the archive names an entry in an encoding other than UTF-8; make the zip "
					+ "with a tool that writes UTF-8 names");
		}
	}

	/**
	 * An entry as the central directory lists it.
	 *
	 * @param name its name
	 * @param fileType its Unix file type bits ({@code S_IFMT}), 0 when the archive was
	 * not made on Unix
	 * @param encrypted whether its content is encrypted
	 * @param compressedSize its stated compressed size
	 */
	record Listed(String name, int fileType, boolean encrypted, long compressedSize) {

		boolean directory() {
			return this.name.endsWith("/") || this.fileType == DIRECTORY;
		}

		/** A symbolic link, a device, a pipe: anything but a plain file or folder. */
		boolean special() {
			return this.fileType != 0 && this.fileType != REGULAR_FILE && this.fileType != DIRECTORY;
		}

		boolean symbolicLink() {
			return this.fileType == 0120000;
		}

	}

	/** A file that is no zip this reader takes; the message is fit for the user. */
	static final class NotAZipException extends IOException {

		NotAZipException(String message) {
			super(message);
		}

	}

	/** An archive listing more entries than allowed. */
	static final class TooManyEntriesException extends IOException {

		private final int count;

		TooManyEntriesException(int count) {
			super("the archive lists " + count + " entries");
			this.count = count;
		}

		int count() {
			return this.count;
		}

	}

}
