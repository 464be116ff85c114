package io.modelhost.datasets.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.modelhost.datasets.DatasetsProperties.ArchiveLimits;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.ImageProfile.ImageClass;
import io.modelhost.datasets.ImageProfile.ImageSize;
import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetException.Problem;
import io.modelhost.engine.Pictures;
import io.modelhost.engine.Pictures.UnreadablePictureException;
import org.jspecify.annotations.Nullable;

/**
 * Checks a zip of labelled pictures and lays its pictures out in a dataset directory
 * ({@link PictureIndex}). Trusts nothing in the archive: the entries are counted from the
 * central directory before anything is inflated; unsafe names (absolute, {@code ..},
 * backslashes, drive letters), links and encrypted entries are refused; bytes are counted
 * as they are actually inflated, against a total, a per-entry size and a per-entry
 * compression ratio; every picture is decoded within a pixel limit. Every problem is
 * collected (the first 50 listed) and thrown at the end as one
 * {@link InvalidDatasetException}.
 *
 * <p>
 * Two layouts: pictures named by number ({@code 17.png}, in any folder) with a
 * {@code labels.txt} of lines {@code 17 : cat}; or one folder per class. Either may lie
 * under one top folder. Pictures are indexed by number in the first, by class and then
 * name in the second.
 *
 * <p>
 * Not thread-safe: one instance checks one archive.
 */
public final class ImageArchive {

	static final String LABELS = "labels.txt";

	private static final int MAX_PROBLEMS = 50;

	private static final int SAMPLES = 5;

	/** Entries may compress as they like up to this size. */
	private static final long RATIO_FREE_BYTES = 1 << 20;

	private final ArchiveLimits limits;

	private final List<Problem> problems = new ArrayList<>();

	private long problemCount;

	private long expanded;

	private int ignored;

	public ImageArchive(ArchiveLimits limits) {
		this.limits = limits;
	}

	/**
	 * Checks the archive and writes its pictures and their index into {@code directory}.
	 * @return the profile
	 * @throws InvalidDatasetException listing what is wrong; the directory then holds
	 * whatever was written, for the caller to delete
	 */
	public ImageProfile check(Path zip, Path directory) throws IOException {
		List<String> files = list(zip);
		try (ZipFile archive = open(zip)) {
			Map<String, ZipEntry> entries = new HashMap<>();
			archive.stream().forEach((entry) -> entries.putIfAbsent(entry.getName(), entry));
			var found = new ArrayList<String>();
			for (String file : files) {
				if (entries.containsKey(file)) {
					found.add(file);
				}
				else {
					problem(file, "the archive is damaged: this entry cannot be found");
				}
			}
			// on with the entries that are fine, so that every problem is listed
			List<Picture> pictures = layout(archive, entries, found);
			throwIfAny();
			return store(archive, entries, pictures, directory);
		}
	}

	/** The names of the files to read: safe, no junk, no folders. */
	private List<String> list(Path zip) throws IOException {
		List<ZipDirectory.Listed> listed;
		try {
			listed = ZipDirectory.read(zip, this.limits.entries());
		}
		catch (ZipDirectory.NotAZipException ex) {
			throw new InvalidDatasetException(Problem.entry(null, ex.getMessage()));
		}
		catch (ZipDirectory.TooManyEntriesException ex) {
			throw new InvalidDatasetException(Problem.entry(null,
					"the archive lists " + ex.count() + " entries, more than the limit of " + this.limits.entries()));
		}
		var names = new HashSet<String>();
		var files = new ArrayList<String>();
		for (ZipDirectory.Listed entry : listed) {
			String unsafe = EntryNames.unsafe(entry.name());
			if (unsafe != null) {
				problem(printable(entry.name()), unsafe);
			}
			else if (!names.add(entry.name())) {
				problem(entry.name(), "the archive holds two entries of this name");
			}
			else if (entry.symbolicLink()) {
				problem(entry.name(), "the entry is a symbolic link; put the picture itself in the archive");
			}
			else if (entry.special()) {
				problem(entry.name(), "the entry is not a plain file or folder");
			}
			else if (EntryNames.junk(entry.name())) {
				this.ignored++;
			}
			else if (entry.encrypted()) {
				problem(entry.name(), "the entry is encrypted; upload a zip without a password");
			}
			else if (!entry.directory()) {
				files.add(entry.name());
			}
		}
		return files;
	}

	private ZipFile open(Path zip) throws IOException {
		try {
			return new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			// ZipException, or a name Java's reader refuses
			throw new InvalidDatasetException(
					Problem.entry(null, "the zip archive is damaged or in a form this server does not read"));
		}
	}

	/** The pictures with their labels, in index order. */
	private List<Picture> layout(ZipFile archive, Map<String, ZipEntry> entries, List<String> files)
			throws IOException {
		if (files.isEmpty()) {
			problem(null, "the archive holds no pictures");
			return List.of();
		}
		String top = "";
		if (!files.contains(LABELS)) {
			String first = files.getFirst();
			int slash = first.indexOf('/');
			String candidate = (slash > 0) ? first.substring(0, slash + 1) : "";
			if (!candidate.isEmpty() && files.stream().allMatch((file) -> file.startsWith(candidate))) {
				top = candidate;
			}
		}
		String labels = top + LABELS;
		if (files.contains(labels)) {
			byte[] text = inflate(archive, entries.get(labels));
			return (text != null) ? numbered(files, labels, text) : List.of();
		}
		return byFolder(files, top);
	}

	/** Pictures named by number, labelled by {@code labels.txt}. */
	private List<Picture> numbered(List<String> files, String labelsEntry, byte[] bytes) {
		Map<Long, Labelled> labels = parseLabels(labelsEntry, bytes);
		var numbered = new TreeMap<Long, String>();
		for (String file : files) {
			if (file.equals(labelsEntry)) {
				continue;
			}
			if (!EntryNames.picture(file)) {
				problem(file, "not a PNG or JPEG picture (a name ending .png, .jpg or .jpeg)");
				continue;
			}
			String name = EntryNames.fileName(file);
			String number = name.substring(0, name.lastIndexOf('.'));
			if (!number.matches("[0-9]{1,9}")) {
				problem(file, "with a " + LABELS + ", a picture's name is its number there, like 17.png");
				continue;
			}
			String before = numbered.putIfAbsent(Long.parseLong(number), file);
			if (before != null) {
				problem(file,
						"two pictures have the number " + Long.parseLong(number) + " (the other is " + before + ")");
			}
		}
		var pictures = new ArrayList<Picture>();
		for (var picture : numbered.entrySet()) {
			Labelled label = labels.get(picture.getKey());
			if (label == null) {
				problem(picture.getValue(), "no label for picture " + picture.getKey() + " in " + labelsEntry);
			}
			else {
				pictures.add(new Picture(picture.getValue(), label.label()));
			}
		}
		for (var label : labels.entrySet()) {
			if (!numbered.containsKey(label.getKey())) {
				problem(labelsEntry, label.getValue().line(), "labels picture " + label.getKey()
						+ ", but the archive has no picture " + label.getKey() + ".png (or .jpg)");
			}
		}
		return pictures;
	}

	private Map<Long, Labelled> parseLabels(String entry, byte[] bytes) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			problem(entry, "the file is not UTF-8 text");
			return Map.of();
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		var labels = new LinkedHashMap<Long, Labelled>();
		String[] lines = text.split("\r\n|\r|\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.isBlank()) {
				continue;
			}
			int colon = line.indexOf(':');
			String number = (colon > 0) ? line.substring(0, colon).strip() : "";
			if (!number.matches("[0-9]{1,9}")) {
				problem(entry, i + 1, "a line must be 'number : label', like '17 : cat'");
				continue;
			}
			String label = line.substring(colon + 1).strip();
			String bad = EntryNames.badLabel(label);
			if (bad != null) {
				problem(entry, i + 1, bad);
				continue;
			}
			Labelled before = labels.putIfAbsent(Long.parseLong(number), new Labelled(label, i + 1));
			if (before != null) {
				problem(entry, i + 1, "picture " + Long.parseLong(number) + " is labelled twice (also on line "
						+ before.line() + ")");
			}
		}
		if (labels.isEmpty() && this.problemCount == 0) {
			problem(entry, "the file labels no picture");
		}
		return labels;
	}

	/** One folder per class. */
	private List<Picture> byFolder(List<String> files, String top) {
		var pictures = new ArrayList<Picture>();
		for (String file : files) {
			String[] path = file.substring(top.length()).split("/");
			if (path.length == 1) {
				problem(file, "this file belongs to no class: put pictures in one folder per class, or number them "
						+ "and add a " + LABELS);
			}
			else if (path.length > 2) {
				problem(file, "pictures go directly in their class's folder (class/picture.png)");
			}
			else if (!EntryNames.picture(file)) {
				problem(file, "not a PNG or JPEG picture (a name ending .png, .jpg or .jpeg)");
			}
			else {
				String bad = EntryNames.badLabel(path[0].strip());
				if (bad != null) {
					problem(file, "the folder's name is not a class label: " + bad);
				}
				else {
					pictures.add(new Picture(file, path[0].strip()));
				}
			}
		}
		pictures.sort(
				Comparator.comparing(Picture::label).thenComparing((a, b) -> EntryNames.natural(a.entry(), b.entry())));
		return pictures;
	}

	/** Decodes every picture, writes it and the index, and profiles them. */
	private ImageProfile store(ZipFile archive, Map<String, ZipEntry> entries, List<Picture> pictures, Path directory)
			throws IOException {
		var classes = new TreeMap<String, List<Integer>>();
		for (int i = 0; i < pictures.size(); i++) {
			classes.computeIfAbsent(pictures.get(i).label(), (label) -> new ArrayList<>()).add(i);
		}
		if (classes.size() < 2) {
			problem(null, "an image dataset needs at least 2 classes but this one has " + classes.size()
					+ (classes.isEmpty() ? "" : " ('" + classes.firstKey() + "')"));
		}
		else if (classes.size() > this.limits.classes()) {
			problem(null,
					"the archive has " + classes.size() + " classes, more than the limit of " + this.limits.classes());
		}
		throwIfAny();
		Path folder = Files.createDirectories(directory.resolve(PictureIndex.PICTURES));
		ImageSize size = null;
		boolean mixed = false;
		for (int i = 0; i < pictures.size(); i++) {
			String entry = pictures.get(i).entry();
			byte[] bytes = inflate(archive, entries.get(entry));
			if (bytes == null) {
				continue;
			}
			try {
				BufferedImage picture = Pictures.decode(bytes, this.limits.pixels());
				ImageSize own = new ImageSize(picture.getWidth(), picture.getHeight(), channels(picture));
				mixed |= size != null && !size.equals(own);
				size = (size != null) ? size : own;
				Files.write(folder.resolve(Integer.toString(i)), bytes);
			}
			catch (UnreadablePictureException ex) {
				problem(entry, "the picture cannot be read: " + ex.getMessage());
			}
		}
		throwIfAny();
		new PictureIndex(pictures.stream().map(Picture::label).toList(), pictures.stream().map(Picture::entry).toList())
			.write(directory);
		List<ImageClass> profiled = classes.entrySet()
			.stream()
			.map((c) -> new ImageClass(c.getKey(), c.getValue().size(),
					c.getValue().subList(0, Math.min(SAMPLES, c.getValue().size()))))
			.toList();
		return new ImageProfile(pictures.size(), profiled, mixed ? null : size, this.ignored);
	}

	/** 1 for a grey picture, 3 for any other; alpha is not counted. */
	static int channels(BufferedImage picture) {
		return (picture.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) ? 1 : 3;
	}

	/**
	 * An entry's bytes, counted as they are inflated; null (and a problem) when it breaks
	 * a limit or is damaged. Past the total limit nothing more is read.
	 */
	private byte @Nullable [] inflate(ZipFile archive, ZipEntry entry) throws IOException {
		long compressed = Math.max(1, entry.getCompressedSize());
		var out = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		long size = 0;
		try (InputStream in = archive.getInputStream(entry)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				size += read;
				this.expanded += read;
				if (this.expanded > this.limits.expandedBytes()) {
					problem(entry.getName(), "the archive expands past the limit of " + this.limits.expandedBytes()
							+ " bytes in all (a zip bomb?)");
					throw new InvalidDatasetException(this.problems, this.problemCount);
				}
				if (size > this.limits.entryBytes()) {
					problem(entry.getName(),
							"the entry expands past the limit of " + this.limits.entryBytes() + " bytes for one file");
					return null;
				}
				if (size > RATIO_FREE_BYTES && size > compressed * this.limits.compressionRatio()) {
					problem(entry.getName(), "the entry expands more than " + this.limits.compressionRatio()
							+ " times its compressed size of " + entry.getCompressedSize() + " bytes (a zip bomb?)");
					return null;
				}
				out.write(buffer, 0, read);
			}
		}
		catch (java.util.zip.ZipException | java.io.EOFException ex) {
			problem(entry.getName(), "the entry is damaged in the archive");
			return null;
		}
		return out.toByteArray();
	}

	private void problem(@Nullable String entry, String message) {
		problem(entry, 0, message);
	}

	private void problem(@Nullable String entry, long line, String message) {
		if (this.problems.size() < MAX_PROBLEMS) {
			this.problems.add(new Problem(line, entry, message));
		}
		this.problemCount++;
	}

	private void throwIfAny() {
		if (this.problemCount > 0) {
			throw new InvalidDatasetException(this.problems, this.problemCount);
		}
	}

	/** A name with its control characters shown as {@code ?}, to quote it safely. */
	private static String printable(String name) {
		return name.codePoints()
			.map((c) -> (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	/** A picture and its label. */
	private record Picture(String entry, String label) {

		Picture {
			Objects.requireNonNull(entry);
		}

	}

	private record Labelled(String label, long line) {

	}

}
