package io.modelhost.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Uploading CSV files over real HTTP: the profile of the fixture datasets and their
 * variants, and every bad file refused with the line at fault and nothing stored.
 */
class DatasetUploadApiTests extends HttpTests {

	static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	static final Path DIABETES = Fixtures.root().resolve("datasets/diabetes.csv");

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@Test
	void uploadsIrisAndAnswersItsProfile() throws IOException {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/datasets", IRIS, null,
				Map.of("name", "iris", "description", "Fisher's irises"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		JsonNode dataset = response.json();
		String id = dataset.get("id").asString();
		assertThat(response.header("Location")).isEqualTo("/api/v1/datasets/" + id);
		assertThat(dataset.get("name").asString()).isEqualTo("iris");
		assertThat(dataset.get("description").asString()).isEqualTo("Fisher's irises");
		assertThat(dataset.get("kind").asString()).isEqualTo("tabular");
		assertThat(dataset.get("filename").asString()).isEqualTo("iris.csv");
		assertThat(dataset.get("rows").asLong()).isEqualTo(150);
		assertThat(dataset.get("size_bytes").asLong()).isEqualTo(Files.size(IRIS));
		assertThat(dataset.get("sha256").asString()).hasSize(64);
		assertThat(dataset.get("delimiter").asString()).isEqualTo(",");
		assertThat(dataset.get("created_at").asString()).isNotBlank();
		JsonNode columns = dataset.get("columns");
		assertThat(columns.size()).isEqualTo(5);
		List<String> lines = Files.readAllLines(IRIS).subList(1, 151);
		for (int i = 0; i < 4; i++) {
			int index = i;
			double[] values = lines.stream()
				.mapToDouble((line) -> Double.parseDouble(line.split(",")[index]))
				.toArray();
			JsonNode column = columns.get(i);
			assertThat(column.get("type").asString()).isEqualTo("number");
			assertThat(column.get("missing").asLong()).isZero();
			assertThat(column.get("min").asDouble()).isEqualTo(Arrays.stream(values).min().orElseThrow());
			assertThat(column.get("max").asDouble()).isEqualTo(Arrays.stream(values).max().orElseThrow());
			assertThat(column.get("mean").asDouble()).isCloseTo(Arrays.stream(values).average().orElseThrow(),
					within(1e-9));
		}
		assertThat(columns.get(2).get("name").asString()).isEqualTo("petal length (cm)");
		assertThat(columns.get(2).get("min").asDouble()).isEqualTo(1.0);
		assertThat(columns.get(2).get("max").asDouble()).isEqualTo(6.9);
		assertThat(columns.get(2).get("mean").asDouble()).isCloseTo(3.758, within(1e-9));
		JsonNode species = columns.get(4);
		assertThat(species.get("name").asString()).isEqualTo("species");
		assertThat(species.get("type").asString()).isEqualTo("category");
		assertThat(species.get("distinct").asLong()).isEqualTo(3);
		assertThat(species.get("distinct_exact").asBoolean()).isTrue();
		assertThat(species.get("top_values").toString()).isEqualTo(
				"[{\"value\":\"setosa\",\"count\":50},{\"value\":\"versicolor\",\"count\":50},{\"value\":\"virginica\",\"count\":50}]");
		assertThat(species.has("min")).isFalse();
		Path stored = DATA_DIR.resolve("datasets").resolve(id).resolve("data");
		assertThat(stored).hasSameBinaryContentAs(IRIS);
		assertThat(user.get("/api/v1/datasets/" + id).json()).isEqualTo(dataset);
	}

	@Test
	void uploadsDiabetesWithDecimalTargets() {
		ApiClient user = newUser();
		JsonNode dataset = upload(user, DIABETES, "diabetes").json();
		assertThat(dataset.get("rows").asLong()).isEqualTo(442);
		assertThat(dataset.get("columns").size()).isEqualTo(11);
		JsonNode target = dataset.get("columns").get(10);
		assertThat(target.get("name").asString()).isEqualTo("progression");
		assertThat(target.get("type").asString()).isEqualTo("number");
		assertThat(target.get("min").asDouble()).isEqualTo(25.0);
		assertThat(target.get("max").asDouble()).isEqualTo(346.0);
	}

	@Test
	void sniffsSemicolonTabQuotesBomAndMissingValues() throws IOException {
		ApiClient user = newUser();
		String iris = Files.readString(IRIS);
		JsonNode comma = upload(user, IRIS, "comma").json().get("columns");
		for (String delimiter : List.of(";", "\t")) {
			JsonNode other = upload(user, write("iris.csv", iris.replace(",", delimiter)), "other").json();
			assertThat(other.get("delimiter").asString()).isEqualTo(delimiter);
			assertThat(other.get("columns")).isEqualTo(comma);
		}
		Path bom = this.dir.resolve("bom.csv");
		Files.write(bom, ("\uFEFF" + iris).getBytes(StandardCharsets.UTF_8));
		assertThat(upload(user, bom, "bom").json().get("columns")).isEqualTo(comma);
		JsonNode quoted = upload(user,
				write("quoted.csv", "id;note;score\r\n1;\"a; b\";2.5\r\n2;\"two\r\nlines\";\r\n3;\"\"\"q\"\"\";NA\r\n"),
				"quoted")
			.json();
		assertThat(quoted.get("delimiter").asString()).isEqualTo(";");
		assertThat(quoted.get("rows").asLong()).isEqualTo(3);
		JsonNode score = quoted.get("columns").get(2);
		assertThat(score.get("type").asString()).isEqualTo("number");
		assertThat(score.get("missing").asLong()).isEqualTo(2);
		JsonNode preview = user.get("/api/v1/datasets/" + quoted.get("id").asString() + "/preview").json();
		assertThat(preview.get("rows").toString())
			.isEqualTo("[[1,\"a; b\",2.5],[2,\"two\\nlines\",null],[3,\"\\\"q\\\"\",null]]");
	}

	@Test
	void refusesBadFilesNamingTheLineAndKeepsNothing() throws IOException {
		ApiClient user = newUser();
		Path latin1 = this.dir.resolve("latin1.csv");
		Files.write(latin1, "city,n\nParis,1\nZ\u00fcrich,2\n".getBytes(StandardCharsets.ISO_8859_1));
		Path binary = this.dir.resolve("binary.csv");
		Files.write(binary, "a,b\n1,2\n\0\0\0\n".getBytes(StandardCharsets.UTF_8));
		Map<Path, Integer> files = Map.of(write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n9\n"), 3,
				write("headless.csv", "5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n"), 1, latin1, 3, binary, 3,
				write("empty.csv", ""), 1, write("header-only.csv", "a,b\n"), 2,
				write("unclosed.csv", "a,b\n1,\"two\n3,4\n"), 2, Fixtures.model("sklearn/iris_rf.joblib"), 1);
		for (var file : files.entrySet()) {
			ApiClient.Response response = user.upload("/api/v1/datasets", file.getKey(), null, Map.of("name", "bad"));
			String what = file.getKey().getFileName() + " -> " + response;
			assertThat(response.status()).as(what).isEqualTo(422);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("type").asString()).as(what)
				.isEqualTo("https://modelhost.io/problems/invalid-dataset");
			assertThat(problem.get("line").asInt()).as(what).isEqualTo(file.getValue());
			assertThat(problem.get("detail").asString()).as(what).startsWith("Line " + file.getValue() + ": ");
			assertThat(problem.get("errors").get(0).get("line").asInt()).as(what).isEqualTo(file.getValue());
			assertThat(problem.get("detail").asString()).doesNotContain(DATA_DIR.toString());
		}
		JsonNode ragged = user
			.upload("/api/v1/datasets", write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n9\n"), null,
					Map.of("name", "bad"))
			.json();
		assertThat(ragged.get("errorCount").asLong()).isEqualTo(2);
		assertThat(ragged.get("errors").get(1).get("line").asInt()).isEqualTo(5);
		assertThat(ragged.get("detail").asString())
			.isEqualTo("Line 3: this row has 2 values but the header names 3 columns (and 1 more problem).");
		assertNothingStoredFor(user);
	}

	@Test
	void refusesAFileOverTheLimitWith413() throws IOException {
		ApiClient user = newUser();
		var csv = new StringBuilder("a,b\n");
		while (csv.length() < 1_200_000) {
			csv.append("123456,text value\n");
		}
		ApiClient.Response response = user.upload("/api/v1/datasets", write("big.csv", csv.toString()), null,
				Map.of("name", "big"));
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json().get("type").asString()).isEqualTo("https://modelhost.io/problems/upload-too-large");
		assertThat(response.json().get("detail").asString()).contains("dataset upload limit of 1 MB");
		// past the server's multipart limit too: stopped while streaming
		while (csv.length() < 2_500_000) {
			csv.append("123456,text value\n");
		}
		assertThat(user.upload("/api/v1/datasets", write("bigger.csv", csv.toString()), null, Map.of("name", "big"))
			.status()).isEqualTo(413);
		assertNothingStoredFor(user);
	}

	@Test
	void requiresANameAndAFile() {
		ApiClient user = newUser();
		ApiClient.Response nameless = user.upload("/api/v1/datasets", IRIS, null, Map.of());
		assertThat(nameless.status()).isEqualTo(400);
		assertThat(nameless.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/name");
		ApiClient.Response fileless = user.upload("/api/v1/datasets", null, null, Map.of("name", "x"));
		assertThat(fileless.status()).isEqualTo(400);
		assertThat(fileless.json().get("type").asString()).endsWith("/missing-field");
		assertNothingStoredFor(user);
	}

	ApiClient.Response upload(ApiClient user, Path file, String name) {
		ApiClient.Response response = user.upload("/api/v1/datasets", file, null, Map.of("name", name));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response;
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(Files.createTempDirectory(this.dir, "csv").resolve(name), text,
				StandardCharsets.UTF_8);
	}

	/**
	 * The user has no datasets, no row, no upload is left half-done on disk, and every
	 * dataset directory has its row.
	 */
	private void assertNothingStoredFor(ApiClient user) {
		assertThat(user.get("/api/v1/datasets").json().get("total").asLong()).isZero();
		String userId = user.get("/api/v1/auth/me").json().get("id").asString();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM dataset WHERE owner_id = :owner")
			.param("owner", userId)
			.query(Long.class)
			.single()).isZero();
		try (Stream<Path> work = Files.list(DATA_DIR.resolve("datasets").resolve("incoming"));
				Stream<Path> stored = Files.list(DATA_DIR.resolve("datasets"))) {
			assertThat(work).isEmpty();
			List<String> ids = this.jdbc.sql("SELECT id FROM dataset").query(String.class).list();
			assertThat(stored.map((path) -> path.getFileName().toString()).filter((name) -> !name.equals("incoming")))
				.containsExactlyInAnyOrderElementsOf(ids);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
