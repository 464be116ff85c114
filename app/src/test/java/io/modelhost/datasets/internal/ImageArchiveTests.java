package io.modelhost.datasets.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.modelhost.datasets.DatasetsProperties.ArchiveLimits;
import io.modelhost.datasets.DigitZips;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The image zip checker on real archives, without Spring: every limit, every unsafe name,
 * links and duplicates patched into real zips, junk ignored, sizes and channels.
 */
class ImageArchiveTests {

	private static final ArchiveLimits LIMITS = new ArchiveLimits(1000, 10_000_000, 5_000_000, 100, 1_000_000, 100);

	@TempDir
	Path dir;

	@Test
	void profilesColourJpegsAndMixedSizesAndIgnoresJunk() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("cats/a.jpg", picture(32, 24, BufferedImage.TYPE_INT_RGB, "jpeg"));
		entries.put("cats/b.png", picture(32, 24, BufferedImage.TYPE_INT_ARGB, "png"));
		entries.put("dogs/c.png", picture(32, 24, BufferedImage.TYPE_INT_RGB, "png"));
		entries.put("__MACOSX/cats/._a.jpg", DigitZips.text("fork"));
		entries.put("dogs/.DS_Store", DigitZips.text("finder"));
		entries.put("dogs/Thumbs.db", DigitZips.text("thumbs"));
		ImageProfile colour = check(entries);
		assertThat(colour.size()).isEqualTo(new ImageProfile.ImageSize(32, 24, 3));
		assertThat(colour.ignoredEntries()).isEqualTo(3);
		assertThat(colour.labels()).containsExactly("cats", "dogs");
		assertThat(colour.classes().get(0).samples()).containsExactly(0, 1);
		entries.put("dogs/d.png", picture(32, 24, BufferedImage.TYPE_BYTE_GRAY, "png"));
		assertThat(check(entries).size()).as("grey among colour").isNull();
		entries.put("dogs/d.png", picture(16, 24, BufferedImage.TYPE_INT_RGB, "png"));
		assertThat(check(entries).size()).as("another width").isNull();
	}

	@Test
	void refusesUnsafeNamesEachWithItsReason() {
		Map<String, byte[]> entries = digits();
		entries.put("/etc/cron.png", DigitZips.picture(1));
		entries.put("C:/windows.png", DigitZips.picture(1));
		entries.put("0\\back.png", DigitZips.picture(1));
		entries.put("0/../../up.png", DigitZips.picture(1));
		entries.put("0/./dot.png", DigitZips.picture(1));
		List<Problem> problems = refused(entries).problems();
		assertThat(problems).extracting(Problem::entry)
			.containsExactly("/etc/cron.png", "C:/windows.png", "0\\back.png", "0/../../up.png", "0/./dot.png");
		assertThat(problems).extracting(Problem::message)
			.containsExactly("the name is an absolute path", "the name starts with a drive letter",
					"the name holds a backslash; zip names use '/' between folders",
					"the name leads out of the archive ('..')",
					"the name is not a plain relative path (an empty or '.' folder)");
	}

	@Test
	void refusesSymbolicLinksAndDuplicateNames() throws IOException {
		Map<String, byte[]> entries = digits();
		entries.put("1/link.png", DigitZips.text("0/d1.png"));
		entries.put("1/twin-a.png", DigitZips.picture(2));
		entries.put("1/twin-b.png", DigitZips.picture(3));
		Path zip = DigitZips.zip(this.dir, "patched.zip", entries);
		byte[] bytes = Files.readAllBytes(zip);
		int header = lastIndexOf(bytes, "1/link.png") - 46;
		bytes[header + 5] = 3;
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(header + 38, 0120777 << 16);
		replaceAll(bytes, "1/twin-b.png", "1/twin-a.png");
		Files.write(zip, bytes);
		InvalidDatasetException refused = catchThrowableOfType(InvalidDatasetException.class,
				() -> new ImageArchive(LIMITS).check(zip, Files.createTempDirectory(this.dir, "out")));
		assertThat(refused.problems()).containsExactly(
				Problem.entry("1/link.png", "the entry is a symbolic link; put the picture itself in the archive"),
				Problem.entry("1/twin-a.png", "the archive holds two entries of this name"));
	}

	@Test
	void countsInflatedBytesAgainstTheRatioTheEntryAndTheTotalLimits() {
		Map<String, byte[]> ratio = digits();
		ratio.put("0/bomb.png", new byte[3_000_000]);
		assertThat(refused(ratio).problems())
			.containsExactly(Problem.entry("0/bomb.png", "the entry expands more than 100 times its compressed size of "
					+ compressedZeros(3_000_000) + " bytes (a zip bomb?)"));

		Map<String, byte[]> entry = digits();
		byte[] noise = new byte[6_000_000];
		new java.util.Random(1).nextBytes(noise);
		entry.put("0/huge.png", noise);
		assertThat(refused(entry).problems()).containsExactly(
				Problem.entry("0/huge.png", "the entry expands past the limit of 5000000 bytes for one file"));

		Map<String, byte[]> total = digits();
		for (int i = 0; i < 3; i++) {
			byte[] part = new byte[4_000_000];
			new java.util.Random(i).nextBytes(part);
			total.put("1/part" + i + ".png", part);
		}
		InvalidDatasetException tooMuch = refused(total);
		assertThat(tooMuch.problems().getLast().message())
			.isEqualTo("the archive expands past the limit of 10000000 bytes in all (a zip bomb?)");
	}

	@Test
	void refusesTooManyEntriesBeforeReadingAny() {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 1001; i++) {
			entries.put((i % 2) + "/" + i + ".png", new byte[0]);
		}
		assertThat(refused(entries).problems())
			.containsExactly(Problem.entry(null, "the archive lists 1001 entries, more than the limit of 1000"));
	}

	@Test
	void refusesOneClassPicturesAtTheTopAndBadLabelLines() {
		Map<String, byte[]> one = new LinkedHashMap<>();
		one.put("cats/1.png", DigitZips.picture(1));
		one.put("cats/2.png", DigitZips.picture(2));
		assertThat(refused(one).problems()).extracting(Problem::message)
			.containsExactly(
					"this file belongs to no class: put pictures in one folder per class, or number them "
							+ "and add a labels.txt",
					"this file belongs to no class: put pictures in one folder per class, "
							+ "or number them and add a labels.txt");
		Map<String, byte[]> lines = new LinkedHashMap<>();
		lines.put("labels.txt", DigitZips.text("1 : a\nthree : b\n1 : c\n2 :  \n"));
		lines.put("1.png", DigitZips.picture(1));
		lines.put("2.png", DigitZips.picture(2));
		assertThat(refused(lines).problems()).containsExactly(
				new Problem(2, "labels.txt", "a line must be 'number : label', like '17 : cat'"),
				new Problem(3, "labels.txt", "picture 1 is labelled twice (also on line 1)"),
				new Problem(4, "labels.txt", "the label is blank"),
				Problem.entry("2.png", "no label for picture 2 in labels.txt"));
	}

	private ImageProfile check(Map<String, byte[]> entries) throws IOException {
		Path out = Files.createTempDirectory(this.dir, "out");
		ImageProfile profile = new ImageArchive(LIMITS).check(DigitZips.zip(this.dir, "a.zip", entries), out);
		assertThat(PictureIndex.read(out).size()).isEqualTo(profile.images());
		return profile;
	}

	private InvalidDatasetException refused(Map<String, byte[]> entries) {
		return catchThrowableOfType(InvalidDatasetException.class, () -> check(entries));
	}

	/** Two classes of fixture digits, "0" and "1", three pictures each. */
	private static Map<String, byte[]> digits() {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int n = 1; n <= 6; n++) {
			entries.put((n % 2) + "/d" + n + ".png", DigitZips.picture(n));
		}
		return entries;
	}

	private static byte[] picture(int width, int height, int type, String format) throws IOException {
		var picture = new BufferedImage(width, height, type);
		picture.setRGB(1, 1, 0xff3366);
		var out = new ByteArrayOutputStream();
		assertThat(ImageIO.write(picture, format, out)).isTrue();
		return out.toByteArray();
	}

	private long compressedZeros(int size) {
		Path zip = DigitZips.zip(this.dir, "z.zip", Map.of("z", new byte[size]));
		try (var file = new java.util.zip.ZipFile(zip.toFile())) {
			return file.getEntry("z").getCompressedSize();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static int lastIndexOf(byte[] bytes, String text) {
		byte[] needle = text.getBytes(StandardCharsets.UTF_8);
		for (int i = bytes.length - needle.length; i >= 0; i--) {
			if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		throw new AssertionError(text + " not found");
	}

	private static void replaceAll(byte[] bytes, String text, String with) {
		byte[] needle = text.getBytes(StandardCharsets.UTF_8);
		byte[] replacement = with.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i <= bytes.length - needle.length; i++) {
			if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
				System.arraycopy(replacement, 0, bytes, i, replacement.length);
			}
		}
	}

}
