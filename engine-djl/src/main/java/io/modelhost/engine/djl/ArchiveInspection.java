package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ModelRejectedException.Kind;

/**
 * Judges a PyTorch zip archive with plain Java before libtorch ever opens it: libtorch
 * would follow whatever sizes the archive declares into native memory (a 4 GiB entry in a
 * 4 MB file took 18 s and 4.3 GB of RSS in the engine study), so a bomb must be refused
 * here.
 *
 * <p>
 * {@link #verify} checks the entry count, every entry name (relative, no {@code ..}, no
 * backslash or drive letter), that no entry is a symbolic link, encrypted, stored twice
 * or overlapping another, that local headers repeat their entry's name, and that the
 * declared uncompressed sizes fit the limit; then it inflates every entry, counting the
 * bytes it actually gives, and stops at the first byte past the limit or past an entry's
 * declared size. Nothing is kept but counters.
 */
final class ArchiveInspection {

	/** How many entries {@link #detect} reads before it settles for what it has seen. */
	static final int DETECT_ENTRIES = 100_000;

	private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

	private ArchiveInspection() {
	}

	/**
	 * What a file's central directory says it holds, or empty if the file is not a zip
	 * archive this class can read. Reads no entry data; never throws.
	 */
	static Optional<TorchArchive.Evidence> detect(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			var evidence = new TorchArchive.Evidence();
			int[] seen = { 0 };
			CentralDirectory.locate(channel)
				.read((entry) -> evidence.accept(entry.name()) && ++seen[0] < DETECT_ENTRIES);
			return Optional.of(evidence);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Checks the whole archive within the limits, inflating every entry once.
	 * @throws ArchiveFormatException with the kind of rejection the archive calls for
	 */
	static TorchArchive verify(Path file, AdmissionLimits limits) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			CentralDirectory directory = CentralDirectory.locate(channel);
			if (directory.entryCount() > limits.maxArchiveEntries()) {
				throw new ArchiveFormatException(Kind.TOO_LARGE, "The archive holds " + directory.entryCount()
						+ " entries, more than the " + limits.maxArchiveEntries() + " allowed");
			}
			List<Located> entries = checkedEntries(directory);
			long declared = 0;
			for (Located located : entries) {
				declared += located.entry().size();
				if (declared > limits.maxExpandedBytes() || declared < 0) {
					throw new ArchiveFormatException(Kind.TOO_LARGE, "The archive declares more than the "
							+ limits.maxExpandedBytes() + " bytes of uncompressed data allowed");
				}
			}
			var reader = new EntryReader(channel);
			// EntryReader holds each entry to its declared size, so the running total
			// stays within the declared sum checked above; the limit is checked on the
			// bytes actually produced too, so that it never rests on that reasoning alone
			long[] inflated = { 0 };
			for (Located located : entries) {
				reader.read(located.entry(), located.dataOffset(), (chunk, length) -> {
					inflated[0] += length;
					if (inflated[0] > limits.maxExpandedBytes()) {
						throw new ArchiveFormatException(Kind.TOO_LARGE, "The archive inflates to more than the "
								+ limits.maxExpandedBytes() + " bytes allowed");
					}
					return true;
				});
			}
			return archive(file, entries);
		}
	}

	/**
	 * Checks the central directory and local headers only: for a file that passed
	 * {@link #verify} before, cheap enough for every load.
	 * @throws ArchiveFormatException with the kind of rejection the archive calls for
	 */
	static TorchArchive structure(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			CentralDirectory directory = CentralDirectory.locate(channel);
			return archive(file, checkedEntries(directory));
		}
	}

	private static TorchArchive archive(Path file, List<Located> entries) {
		var evidence = new TorchArchive.Evidence();
		var byName = new LinkedHashMap<String, ArchiveEntry>();
		for (Located located : entries) {
			evidence.accept(located.entry().name());
			byName.put(located.entry().name(), located.entry());
		}
		return new TorchArchive(file, evidence.root(), evidence.layout(), byName);
	}

	/** Every entry, checked, with where its data starts, in directory order. */
	private static List<Located> checkedEntries(CentralDirectory directory) throws IOException {
		var entries = new ArrayList<ArchiveEntry>();
		directory.read(entries::add);
		var names = new HashSet<String>();
		var located = new ArrayList<Located>(entries.size());
		for (ArchiveEntry entry : entries) {
			check(entry);
			if (!names.add(entry.name())) {
				throw new ArchiveFormatException(Kind.UNSAFE, "The archive holds two entries named '" + entry.display()
						+ "', which zip readers resolve differently");
			}
			located.add(new Located(entry, directory.dataOffset(entry)));
		}
		refuseOverlaps(located);
		return located;
	}

	private static void check(ArchiveEntry entry) throws ArchiveFormatException {
		String name = entry.name();
		if (name.isEmpty()) {
			throw new ArchiveFormatException(Kind.INVALID, "An entry has no name");
		}
		if (name.startsWith("/") || name.contains("\\") || DRIVE_LETTER.matcher(name).matches()) {
			throw new ArchiveFormatException(Kind.UNSAFE,
					"Entry '" + entry.display() + "' has an absolute or Windows path");
		}
		if (List.of(name.split("/", -1)).contains("..")) {
			throw new ArchiveFormatException(Kind.UNSAFE,
					"Entry '" + entry.display() + "' points outside the archive with '..'");
		}
		if (entry.symbolicLink()) {
			throw new ArchiveFormatException(Kind.UNSAFE, "Entry '" + entry.display() + "' is a symbolic link");
		}
		if (entry.encrypted()) {
			throw new ArchiveFormatException(Kind.UNSUPPORTED, "Entry '" + entry.display() + "' is encrypted");
		}
		if (entry.method() != ArchiveEntry.STORED && entry.method() != ArchiveEntry.DEFLATED) {
			throw new ArchiveFormatException(Kind.UNSUPPORTED, "Entry '" + entry.display()
					+ "' uses compression method " + entry.method() + "; only stored and deflated are supported");
		}
	}

	/**
	 * Refuses entries whose bytes overlap: the trick behind zip bombs that reuse one
	 * compressed block for many entries.
	 */
	private static void refuseOverlaps(List<Located> entries) throws ArchiveFormatException {
		List<Located> byOffset = new ArrayList<>(entries);
		byOffset.sort(Comparator.comparingLong((located) -> located.entry().localHeaderOffset()));
		long previousEnd = 0;
		String previous = "";
		for (Located located : byOffset) {
			if (located.entry().localHeaderOffset() < previousEnd) {
				throw new ArchiveFormatException(Kind.UNSAFE, "Entries '" + previous + "' and '"
						+ located.entry().display() + "' share bytes, as in a zip bomb");
			}
			previousEnd = located.dataOffset() + located.entry().compressedSize();
			previous = located.entry().display();
		}
	}

	/**
	 * An entry with where its data starts.
	 *
	 * @param entry the entry
	 * @param dataOffset the position of its first stored byte
	 */
	private record Located(ArchiveEntry entry, long dataOffset) {

	}

}
