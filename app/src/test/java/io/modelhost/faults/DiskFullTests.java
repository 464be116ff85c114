package io.modelhost.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory fills up during an upload: the upload answers 507, nothing it wrote
 * is left behind, and the server goes on serving and accepting what fits. The data
 * directory is a 24 MB tmpfs mounted for the test, which needs root (CI runs as root on
 * its machine; elsewhere the test is skipped).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.registry.max-upload-size=200MB", "modelhost.datasets.max-upload-size=200MB",
				"modelhost.quotas.anonymous-requests=100000", "modelhost.storage-reserve=4MB" })
class DiskFullTests {

	private static final long DISK_BYTES = 24L * 1024 * 1024;

	private static final Path DATA_DIR = mountSmallDisk();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("modelhost.data-dir", DATA_DIR::toString);
	}

	@AfterAll
	static void unmount() throws Exception {
		if (mounted()) {
			new ProcessBuilder("umount", "-l", DATA_DIR.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void anUploadThatFillsTheDiskGets507AndLeavesNothingBehind(@TempDir Path dir) throws IOException {
		Assumptions.assumeTrue(mounted(), "needs root to mount a small tmpfs as the data directory");
		ApiClient user = ApiClient.newUser(this.port, "full");
		ApiClient.Response iris = user.upload("/api/v1/models", Fixtures.model("onnx/iris_mlp.onnx"), null,
				Map.of("name", "iris", "description", "fits on the disk"));
		assertThat(iris.status()).as(iris.toString()).isEqualTo(201);
		String predict = "/api/v1/models/" + iris.json().get("id").asString() + "/predict";
		List<List<Double>> rows = List.of(List.of(0.1, 0.2, 0.3, 0.4));
		assertThat(user.post(predict, Map.of("inputs", rows)).status()).isEqualTo(200);
		long freeBefore = Files.getFileStore(DATA_DIR).getUsableSpace();

		Path huge = dir.resolve("huge.onnx");
		writeRandom(huge, DISK_BYTES + 8 * 1024 * 1024);
		ApiClient.Response full = user.upload("/api/v1/models", huge, null,
				Map.of("name", "huge", "description", "does not fit"));
		assertThat(full.status()).as(full.toString()).isEqualTo(507);
		assertThat(full.contentType()).startsWith("application/problem+json");
		assertThat(full.json().get("type").asString()).endsWith("/insufficient-storage");
		assertThat(full.body()).doesNotContain("IOException", "No space left");

		Path csv = dir.resolve("big.csv");
		writeCsv(csv, DISK_BYTES + 8 * 1024 * 1024);
		ApiClient.Response dataset = user.upload("/api/v1/datasets", csv, null, Map.of("name", "big"));
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(507);

		// nothing left behind: the space is free again, no model and no dataset recorded
		assertThat(Files.getFileStore(DATA_DIR).getUsableSpace()).isGreaterThan(freeBefore - 1024 * 1024);
		assertThat(user.get("/api/v1/models").json().get("total").asLong()).isEqualTo(1);
		assertThat(user.get("/api/v1/datasets").json().get("total").asLong()).isZero();
		// and the server goes on serving, and takes what fits
		assertThat(user.post(predict, Map.of("inputs", rows)).status()).isEqualTo(200);
		assertThat(user
			.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/iris.csv"), null, Map.of("name", "iris"))
			.status()).isEqualTo(201);
	}

	private static void writeRandom(Path file, long bytes) throws IOException {
		var random = new Random(1);
		byte[] block = new byte[1024 * 1024];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (long written = 0; written < bytes; written += block.length) {
				random.nextBytes(block);
				out.write(block);
			}
		}
	}

	private static void writeCsv(Path file, long bytes) throws IOException {
		byte[] line = "1.5,2.5,3.5,label\n".getBytes();
		try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
			out.write("a,b,c,target\n".getBytes());
			for (long written = 0; written < bytes; written += line.length) {
				out.write(line);
			}
		}
	}

	private static boolean mounted() {
		try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mounts"))) {
			return mounts.anyMatch((line) -> line.contains(" " + DATA_DIR + " tmpfs "));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A temporary directory with a small tmpfs mounted on it, or just the directory. */
	private static Path mountSmallDisk() {
		try {
			Path dir = Files.createTempDirectory("modelhost-disk-full-");
			Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs",
					dir.toString())
				.redirectErrorStream(true)
				.start();
			mount.getInputStream().transferTo(OutputStream.nullOutputStream());
			mount.waitFor(30, TimeUnit.SECONDS);
			return dir;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
