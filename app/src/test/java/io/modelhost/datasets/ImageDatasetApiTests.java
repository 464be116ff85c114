package io.modelhost.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Uploading zips of labelled pictures over real HTTP: the fixture digits in both layouts,
 * with and without a top folder; broken archives refused with every problem listed and
 * nothing kept; the pictures as a trainer reads them; thumbnails for their owner only.
 */
class ImageDatasetApiTests extends HttpTests {

	private static final Map<Integer, String> LABELS = DigitZips.labels();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Datasets datasets;

	@TempDir
	Path dir;

	@Test
	void uploadsTheDigitsInBothLayoutsWithOrWithoutATopFolder() {
		ApiClient user = newUser();
		Map<String, byte[]> junk = new LinkedHashMap<>(DigitZips.numbered("digits_png/"));
		junk.put("__MACOSX/digits_png/images/._1.png", DigitZips.text("resource fork"));
		junk.put("digits_png/.DS_Store", DigitZips.text("finder"));
		junk.put("digits_png/images/", new byte[0]);
		Map<String, Map<String, byte[]>> layouts = Map.of("labels.zip", DigitZips.numbered(""), "top-labels.zip", junk,
				"classes.zip", DigitZips.byClass(""), "top-classes.zip", DigitZips.byClass("digits/"));
		for (var layout : layouts.entrySet()) {
			Path zip = DigitZips.zip(this.dir, layout.getKey(), layout.getValue());
			ApiClient.Response response = user.upload("/api/v1/datasets", zip, null, Map.of("name", "digits"));
			String what = layout.getKey() + " -> " + response;
			assertThat(response.status()).as(what).isEqualTo(201);
			JsonNode dataset = response.json();
			assertThat(dataset.get("kind").asString()).isEqualTo("images");
			assertThat(dataset.get("images").asInt()).as(what).isEqualTo(600);
			assertThat(dataset.get("filename").asString()).isEqualTo(layout.getKey());
			assertThat(dataset.get("size_bytes").asLong()).isEqualTo(size(zip));
			assertThat(dataset.get("image_size").toString()).isEqualTo("{\"width\":28,\"height\":28,\"channels\":1}");
			assertThat(dataset.get("ignored_entries").asInt())
				.isEqualTo(layout.getKey().equals("top-labels.zip") ? 2 : 0);
			assertThat(dataset.has("rows")).isFalse();
			JsonNode classes = dataset.get("classes");
			assertThat(classes.size()).isEqualTo(10);
			for (int digit = 0; digit < 10; digit++) {
				assertThat(classes.get(digit).get("label").asString()).isEqualTo(Integer.toString(digit));
				String label = Integer.toString(digit);
				// the fixture's counts (57 to 63 a digit), as its labels.txt says
				assertThat(classes.get(digit).get("count").asLong())
					.isEqualTo(LABELS.values().stream().filter(label::equals).count());
				assertThat(classes.get(digit).get("samples").size()).isEqualTo(5);
			}
			assertThat(user.get("/api/v1/datasets/" + dataset.get("id").asString()).json()).isEqualTo(dataset);
			Path stored = DATA_DIR.resolve("datasets").resolve(dataset.get("id").asString());
			assertThat(stored.resolve("pictures")).isDirectory();
			assertThat(stored.resolve("data")).doesNotExist();
		}
		// the labels.txt layout indexes pictures by number: 1.png is index 0
		JsonNode numbered = user
			.upload("/api/v1/datasets", DigitZips.zip(this.dir, "d.zip", DigitZips.numbered("")), null,
					Map.of("name", "d"))
			.json();
		List<Integer> zeros = LABELS.entrySet()
			.stream()
			.filter((e) -> e.getValue().equals("0"))
			.map((e) -> e.getKey() - 1)
			.sorted()
			.limit(5)
			.toList();
		assertThat(numbered.get("classes").get(0).get("samples").toString())
			.isEqualTo(zeros.toString().replace(" ", ""));
	}

	@Test
	void givesTrainersThePicturesInAStableOrderAndRefusesTabularCalls() throws Exception {
		ApiClient user = newUser();
		UserId owner = new UserId(user.get("/api/v1/auth/me").json().get("id").asString());
		DatasetId id = new DatasetId(upload(user, DigitZips.numbered("")).get("id").asString());
		DatasetPictures pictures = this.datasets.pictures(owner, id);
		assertThat(pictures.size()).isEqualTo(600);
		assertThat(pictures.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		for (int i = 0; i < 600; i++) {
			assertThat(pictures.label(i)).isEqualTo(LABELS.get(i + 1));
			assertThat(pictures.entry(i)).isEqualTo("images/" + (i + 1) + ".png");
		}
		// many threads at once read what the fixture holds
		List<Integer> indexes = IntStream.range(0, 600).boxed().toList();
		indexes.parallelStream().forEach((i) -> {
			try {
				BufferedImage read = pictures.read(i);
				BufferedImage expected = ImageIO.read(new ByteArrayInputStream(DigitZips.picture(i + 1)));
				assertThat(read.getWidth()).isEqualTo(28);
				assertThat(read.getRaster().getPixel(14, 14, (int[]) null))
					.isEqualTo(expected.getRaster().getPixel(14, 14, (int[]) null));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		assertThatExceptionOfType(ImageNotFoundException.class).isThrownBy(() -> pictures.read(600));
		assertThatExceptionOfType(WrongDatasetKindException.class).isThrownBy(() -> this.datasets.rows(owner, id));
		assertThatExceptionOfType(WrongDatasetKindException.class).isThrownBy(() -> this.datasets.profile(owner, id));
		ApiClient.Response preview = user.get("/api/v1/datasets/" + id.value() + "/preview");
		assertThat(preview.status()).isEqualTo(409);
		assertThat(preview.json().get("type").asString()).endsWith("/wrong-dataset-kind");
		assertThat(preview.json().get("detail").asString()).contains("'images'").contains("'tabular'");
		assertThatExceptionOfType(DatasetNotFoundException.class).isThrownBy(() -> this.datasets
			.pictures(new UserId(newUser().get("/api/v1/auth/me").json().get("id").asString()), id));

		JsonNode csv = user
			.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/iris.csv"), null, Map.of("name", "iris"))
			.json();
		DatasetId iris = new DatasetId(csv.get("id").asString());
		assertThatExceptionOfType(WrongDatasetKindException.class)
			.isThrownBy(() -> this.datasets.pictures(owner, iris));
		assertThat(user.get("/api/v1/datasets/" + iris.value() + "/images/0").status()).isEqualTo(409);

		assertThat(user.delete("/api/v1/datasets/" + id.value()).status()).isEqualTo(204);
		assertThat(DATA_DIR.resolve("datasets").resolve(id.value())).doesNotExist();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> pictures.read(0));
	}

	@Test
	void servesThumbnailsAsFreshPngsToTheOwnerOnly() throws Exception {
		ApiClient user = newUser();
		String id = upload(user, DigitZips.byClass("digits/")).get("id").asString();
		HttpResponse<byte[]> thumbnail = bytes(user, "/api/v1/datasets/" + id + "/images/0");
		assertThat(thumbnail.statusCode()).isEqualTo(200);
		assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/png");
		BufferedImage picture = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
		assertThat(picture.getWidth()).isEqualTo(28);
		assertThat(picture.getHeight()).isEqualTo(28);
		// class folders index by class, then name: picture 0 is the first "0" by number
		int first = LABELS.entrySet()
			.stream()
			.filter((e) -> e.getValue().equals("0"))
			.findFirst()
			.orElseThrow()
			.getKey();
		BufferedImage expected = ImageIO.read(new ByteArrayInputStream(DigitZips.picture(first)));
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				assertThat(picture.getRaster().getSample(x, y, 0)).isEqualTo(expected.getRaster().getSample(x, y, 0));
			}
		}
		ApiClient stranger = newUser();
		assertThat(bytes(stranger, "/api/v1/datasets/" + id + "/images/0").statusCode()).isEqualTo(404);
		assertThat(stranger.get("/api/v1/datasets/" + id + "/images/0").json().get("type").asString())
			.endsWith("/dataset-not-found");
		ApiClient.Response past = user.get("/api/v1/datasets/" + id + "/images/600");
		assertThat(past.status()).isEqualTo(404);
		assertThat(past.json().get("type").asString()).endsWith("/image-not-found");
		assertThat(user.get("/api/v1/datasets/" + id + "/images/x").status()).isEqualTo(400);
		assertThat(anonymous().get("/api/v1/datasets/" + id + "/images/0").status()).isEqualTo(401);
	}

	@Test
	void refusesBrokenArchivesListingEveryProblemAndKeepsNothing() throws IOException {
		ApiClient user = newUser();
		Map<String, byte[]> noPicture = DigitZips.numbered("");
		noPicture.remove("images/7.png");
		assertRefused(user, noPicture, "labels.txt", 7, "Labels picture 7, but the archive has no picture 7.png");

		Map<String, byte[]> noLabel = DigitZips.numbered("");
		noLabel.put("labels.txt",
				DigitZips.text(new String(noLabel.get("labels.txt")).replaceFirst("(?m)^5 : \\d\\n", "")));
		assertRefused(user, noLabel, "images/5.png", 0, "No label for picture 5 in labels.txt");

		Map<String, byte[]> unreadable = DigitZips.byClass("");
		unreadable.put("3/broken.png", DigitZips.text("not a picture at all"));
		assertRefused(user, unreadable, "3/broken.png", 0, "The picture cannot be read");

		Map<String, byte[]> bomb = DigitZips.byClass("");
		bomb.put("4/bomb.png", new byte[64 * 1024 * 1024]);
		assertRefused(user, bomb, "4/bomb.png", 0, "The entry expands more than 100 times its compressed size");

		Map<String, byte[]> escaping = DigitZips.byClass("");
		escaping.put("../escape.png", DigitZips.picture(1));
		assertRefused(user, escaping, "../escape.png", 0, "The name leads out of the archive");

		Path text = Files.writeString(this.dir.resolve("pictures.zip"), "just text, no archive");
		ApiClient.Response notZip = user.upload("/api/v1/datasets", text, null, Map.of("name", "bad"));
		assertThat(notZip.status()).isEqualTo(422);
		assertThat(notZip.json().get("detail").asString()).isEqualTo("The file is not a zip archive.");
		assertThat(notZip.json().get("errors").get(0).has("entry")).isFalse();

		// every problem counted, the first 50 listed
		Map<String, byte[]> labelsOnly = new LinkedHashMap<>();
		labelsOnly.put("labels.txt", DigitZips.numbered("").get("labels.txt"));
		labelsOnly.put("images/9999.png", DigitZips.picture(1));
		JsonNode many = user
			.upload("/api/v1/datasets", DigitZips.zip(this.dir, "many.zip", labelsOnly), null, Map.of("name", "bad"))
			.json();
		assertThat(many.get("errorCount").asLong()).isEqualTo(601);
		assertThat(many.get("errors").size()).isEqualTo(50);
		assertThat(many.get("detail").asString()).endsWith("(and 600 more problems).");

		byte[] noise = new byte[1_100_000];
		new Random(7).nextBytes(noise);
		Path big = Files.write(this.dir.resolve("big.zip"), noise);
		assertThat(user.upload("/api/v1/datasets", big, null, Map.of("name", "big")).status()).isEqualTo(413);
		assertNothingStoredFor(user);
	}

	private void assertRefused(ApiClient user, Map<String, byte[]> entries, String entry, int line, String detail) {
		ApiClient.Response response = user.upload("/api/v1/datasets", DigitZips.zip(this.dir, "bad.zip", entries), null,
				Map.of("name", "bad"));
		String what = entry + " -> " + response;
		assertThat(response.status()).as(what).isEqualTo(422);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("https://modelhost.io/problems/invalid-dataset");
		assertThat(problem.get("errorCount").asLong()).as(what).isEqualTo(1);
		JsonNode error = problem.get("errors").get(0);
		assertThat(error.get("entry").asString()).as(what).isEqualTo(entry);
		assertThat(error.path("line").asInt(0)).as(what).isEqualTo(line);
		assertThat(error.get("detail").asString()).as(what).startsWith(detail);
		assertThat(problem.get("detail").asString()).as(what).startsWith("Entry '" + entry + "'");
		assertThat(problem.get("detail").asString()).doesNotContain(DATA_DIR.toString());
	}

	private JsonNode upload(ApiClient user, Map<String, byte[]> entries) {
		ApiClient.Response response = user.upload("/api/v1/datasets", DigitZips.zip(this.dir, "digits.zip", entries),
				null, Map.of("name", "digits"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private HttpResponse<byte[]> bytes(ApiClient client, String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(client.base() + path))
				.header("Authorization", client.header("Authorization"))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void assertNothingStoredFor(ApiClient user) {
		assertThat(user.get("/api/v1/datasets").json().get("total").asLong()).isZero();
		try (Stream<Path> work = Files.list(DATA_DIR.resolve("datasets").resolve("incoming"))) {
			assertThat(work).isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> ids = new ArrayList<>(this.jdbc.sql("SELECT id FROM dataset").query(String.class).list());
		try (Stream<Path> stored = Files.list(DATA_DIR.resolve("datasets"))) {
			assertThat(stored.map((path) -> path.getFileName().toString()).filter((name) -> !name.equals("incoming")))
				.containsExactlyInAnyOrderElementsOf(ids);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
