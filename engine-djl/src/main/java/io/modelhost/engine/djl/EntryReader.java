package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.modelhost.engine.ModelRejectedException.Kind;

/**
 * Streams the uncompressed bytes of a zip entry in chunks of at most {@value #CHUNK}
 * bytes, never holding a whole entry, and checks them against what the central directory
 * declares: an entry may not inflate past its declared size, and one read to its end must
 * have exactly that size and CRC. Not thread-safe.
 */
final class EntryReader {

	static final int CHUNK = 64 * 1024;

	private final FileChannel channel;

	private final ByteBuffer input = ByteBuffer.allocate(CHUNK);

	private final byte[] output = new byte[CHUNK];

	EntryReader(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Hands the entry's bytes to the sink, chunk by chunk, until the entry ends or the
	 * sink asks to stop.
	 * @param entry the entry
	 * @param dataOffset where its stored bytes start
	 * @param sink what receives the bytes
	 * @throws ArchiveFormatException if the entry breaks what it declares, or the sink
	 * refuses a chunk
	 */
	void read(ArchiveEntry entry, long dataOffset, Sink sink) throws IOException {
		var crc = new CRC32();
		long produced = 0;
		long position = dataOffset;
		long remaining = entry.compressedSize();
		if (entry.method() == ArchiveEntry.STORED) {
			if (entry.compressedSize() != entry.size()) {
				throw invalid("Stored entry '" + entry.display() + "' declares two different sizes");
			}
			while (remaining > 0) {
				int length = fill(position, remaining);
				this.input.get(this.output, 0, length);
				position += length;
				remaining -= length;
				produced += length;
				crc.update(this.output, 0, length);
				if (!sink.accept(this.output, length)) {
					return;
				}
			}
		}
		else if (entry.method() == ArchiveEntry.DEFLATED) {
			var inflater = new Inflater(true);
			try {
				while (!inflater.finished()) {
					if (inflater.needsInput()) {
						if (remaining == 0) {
							throw invalid("Entry '" + entry.display() + "' ends in the middle of its compressed data");
						}
						int length = fill(position, remaining);
						position += length;
						remaining -= length;
						inflater.setInput(this.input);
					}
					int length = inflater.inflate(this.output);
					if (length == 0 && inflater.needsDictionary()) {
						throw invalid("Entry '" + entry.display() + "' needs a preset dictionary");
					}
					produced += length;
					if (produced > entry.size()) {
						throw invalid("Entry '" + entry.display() + "' inflates to more than the " + entry.size()
								+ " bytes it declares");
					}
					crc.update(this.output, 0, length);
					if (length > 0 && !sink.accept(this.output, length)) {
						return;
					}
				}
				if (remaining + inflater.getRemaining() != 0) {
					throw invalid("Entry '" + entry.display() + "' has bytes after its compressed data");
				}
			}
			catch (DataFormatException ex) {
				throw invalid("Entry '" + entry.display() + "' holds damaged compressed data");
			}
			finally {
				inflater.end();
			}
		}
		else {
			throw new ArchiveFormatException(Kind.UNSUPPORTED,
					"Entry '" + entry.display() + "' uses compression method " + entry.method()
							+ "; only stored and deflated entries are supported");
		}
		if (produced != entry.size()) {
			throw invalid("Entry '" + entry.display() + "' holds " + produced + " bytes but declares " + entry.size());
		}
		if (crc.getValue() != entry.crc()) {
			throw invalid("Entry '" + entry.display() + "' does not match its checksum");
		}
	}

	/** Reads up to a chunk of stored bytes into {@link #input}, ready to be read. */
	private int fill(long position, long remaining) throws IOException {
		this.input.clear().limit((int) Math.min(CHUNK, remaining));
		while (this.input.hasRemaining()) {
			if (this.channel.read(this.input, position + this.input.position()) < 0) {
				throw invalid("The zip archive ends early: the file is truncated");
			}
		}
		return this.input.flip().remaining();
	}

	private static ArchiveFormatException invalid(String message) {
		return new ArchiveFormatException(Kind.INVALID, message);
	}

	/** Receives an entry's bytes. */
	@FunctionalInterface
	interface Sink {

		/**
		 * Takes {@code length} bytes from the start of {@code chunk}, which is reused for
		 * the next chunk.
		 * @return whether to go on reading
		 * @throws ArchiveFormatException to refuse the archive
		 */
		boolean accept(byte[] chunk, int length) throws ArchiveFormatException;

	}

}
