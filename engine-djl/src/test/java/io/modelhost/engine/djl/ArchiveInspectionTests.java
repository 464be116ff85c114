package io.modelhost.engine.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.zip.CRC32;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ArchiveInspectionTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(1 << 20, 100);

	@TempDir
	Path work;

	@Test
	void readsATorchScriptArchiveWithZip64EndRecords() throws IOException {
		TorchArchive archive = ArchiveInspection.verify(Fixtures.model("torch/iris_mlp_torchscript.pt"), LIMITS);
		assertThat(archive.root()).isEqualTo("archive");
		assertThat(archive.layout()).isEqualTo(TorchArchive.Layout.TORCHSCRIPT);
		assertThat(archive.entries()).hasSize(17);
		assertThat(new String(archive.read("version", 10), StandardCharsets.US_ASCII)).isEqualTo("3\n");
	}

	@Test
	void tellsATorchSaveArchiveFromTorchScript() throws IOException {
		TorchArchive archive = ArchiveInspection.verify(Fixtures.model("torch/iris_mlp_state_dict.pth"), LIMITS);
		assertThat(archive.layout()).isEqualTo(TorchArchive.Layout.TORCH_SAVE);
	}

	@Test
	void refusesASymbolicLink() throws IOException {
		byte[] zip = sample();
		int central = TestArchives.central(zip, "archive/b");
		TestArchives.putShort(zip, central + 4, 0x0314);
		TestArchives.putInt(zip, central + 38, 0xa1ff0000);
		assertRefused(zip, Kind.UNSAFE, "Entry 'archive/b' is a symbolic link");
	}

	@Test
	void refusesALocalHeaderThatNamesAnotherEntry() throws IOException {
		byte[] zip = sample();
		TestArchives.putName(zip, TestArchives.local(zip, "archive/b") + 30, "archive/c");
		assertRefused(zip, Kind.UNSAFE, "Entry 'archive/b' has another name in its local header");
	}

	@Test
	void refusesTwoEntriesOfTheSameName() throws IOException {
		byte[] zip = sample();
		TestArchives.putName(zip, TestArchives.central(zip, "archive/b") + 46, "archive/a");
		TestArchives.putName(zip, TestArchives.local(zip, "archive/b") + 30, "archive/a");
		assertRefused(zip, Kind.UNSAFE,
				"The archive holds two entries named 'archive/a', which zip readers " + "resolve differently");
	}

	@Test
	void refusesAnEncryptedEntry() throws IOException {
		byte[] zip = sample();
		int central = TestArchives.central(zip, "archive/b");
		TestArchives.putShort(zip, central + 8, (zip[central + 8] & 0xff) | 1);
		assertRefused(zip, Kind.UNSUPPORTED, "Entry 'archive/b' is encrypted");
	}

	@Test
	void refusesACompressionMethodOtherThanDeflate() throws IOException {
		byte[] zip = sample();
		TestArchives.putShort(zip, TestArchives.central(zip, "archive/b") + 10, 12);
		TestArchives.putShort(zip, TestArchives.local(zip, "archive/b") + 8, 12);
		assertRefused(zip, Kind.UNSUPPORTED,
				"Entry 'archive/b' uses compression method 12; only stored and deflated are supported");
	}

	@Test
	void refusesAnEntryThatDoesNotMatchItsChecksum() throws IOException {
		byte[] zip = sample();
		int central = TestArchives.central(zip, "archive/b");
		TestArchives.putInt(zip, central + 16,
				ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(central + 16) ^ 1);
		assertRefused(zip, Kind.INVALID, "Entry 'archive/b' does not match its checksum");
	}

	@Test
	void refusesAnEntryThatInflatesToLessThanItDeclares() throws IOException {
		byte[] zip = sample();
		TestArchives.putInt(zip, TestArchives.central(zip, "archive/b") + 24, 5000);
		assertRefused(zip, Kind.INVALID, "Entry 'archive/b' holds 1000 bytes but declares 5000");
	}

	@Test
	void refusesEntriesThatShareBytes() throws IOException {
		assertRefused(overlapping(), Kind.UNSAFE, "Entries 'r/outer' and 'r/inner' share bytes, as in a zip bomb");
	}

	@Test
	void refusesAnArchiveCutShort() throws IOException {
		byte[] zip = sample();
		assertRefused(Arrays.copyOf(zip, zip.length - 10), Kind.INVALID,
				"The zip archive has no end record: the file is truncated or not a zip archive");
	}

	@Test
	void refusesBytesBetweenTheDirectoryAndTheEndRecord() throws IOException {
		byte[] zip = sample();
		int end = zip.length - 22;
		byte[] padded = new byte[zip.length + 4];
		System.arraycopy(zip, 0, padded, 0, end);
		System.arraycopy(zip, end, padded, end + 4, 22);
		assertRefused(padded, Kind.INVALID,
				"The zip archive's central directory does not end where its end record begins");
	}

	@Test
	void checksOnlyTheDirectoryWhenTheArchiveWasVerifiedBefore() throws IOException {
		byte[] zip = sample();
		TestArchives.putInt(zip, TestArchives.central(zip, "archive/b") + 24, 5000);
		Path file = Files.write(this.work.resolve("structure.zip"), zip);
		assertThat(ArchiveInspection.structure(file).entries()).containsKeys("archive/a", "archive/b");
	}

	/** Two deflated entries, {@code archive/a} and {@code archive/b} (1000 bytes). */
	private static byte[] sample() throws IOException {
		var entries = new LinkedHashMap<String, byte[]>();
		entries.put("archive/a", "first".getBytes(StandardCharsets.US_ASCII));
		entries.put("archive/b", new byte[1000]);
		return TestArchives.zip(entries);
	}

	/**
	 * A stored entry {@code r/outer} whose data is the whole of a second entry,
	 * {@code r/inner}, local header included: every header is right, but the bytes of the
	 * second entry are counted twice.
	 */
	private static byte[] overlapping() {
		byte[] innerData = "inner".getBytes(StandardCharsets.US_ASCII);
		byte[] inner = local("r/inner", innerData);
		byte[] outerData = concat(inner, innerData);
		byte[] outer = local("r/outer", outerData);
		var zip = new ByteArrayOutputStream();
		zip.writeBytes(outer);
		zip.writeBytes(outerData);
		int directory = zip.size();
		zip.writeBytes(central("r/outer", outerData, 0));
		zip.writeBytes(central("r/inner", innerData, outer.length));
		int length = zip.size() - directory;
		ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
		end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 2).putShort((short) 2);
		end.putInt(length).putInt(directory).putShort((short) 0);
		zip.writeBytes(end.array());
		return zip.toByteArray();
	}

	private static byte[] local(String name, byte[] data) {
		byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer header = ByteBuffer.allocate(30 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0).putInt(0);
		header.putInt((int) crc(data)).putInt(data.length).putInt(data.length);
		header.putShort((short) bytes.length).putShort((short) 0).put(bytes);
		return header.array();
	}

	private static byte[] central(String name, byte[] data, int localOffset) {
		byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer record = ByteBuffer.allocate(46 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
		record.putInt(0x02014b50).putShort((short) 10).putShort((short) 10).putShort((short) 0).putShort((short) 0);
		record.putInt(0).putInt((int) crc(data)).putInt(data.length).putInt(data.length);
		record.putShort((short) bytes.length).putShort((short) 0).putShort((short) 0).putShort((short) 0);
		record.putShort((short) 0).putInt(0).putInt(localOffset).put(bytes);
		return record.array();
	}

	private static long crc(byte[] data) {
		var crc = new CRC32();
		crc.update(data);
		return crc.getValue();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private void assertRefused(byte[] zip, Kind kind, String message) throws IOException {
		Path file = Files.write(this.work.resolve("archive.zip"), zip);
		ArchiveFormatException thrown = catchThrowableOfType(ArchiveFormatException.class,
				() -> ArchiveInspection.verify(file, LIMITS));
		assertThat(thrown).as("refusal").isNotNull();
		assertThat(thrown.kind()).isEqualTo(kind);
		assertThat(thrown.getMessage()).isEqualTo(message);
	}

}
