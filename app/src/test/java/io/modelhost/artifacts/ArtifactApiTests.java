package io.modelhost.artifacts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed exports over real HTTP: the bundle holds the upload byte for byte (or the PMML
 * it is served from), its manifest's digest and Ed25519 signature check out with the
 * public key alone, the server's verification agrees, and any changed byte (in the model
 * file or the manifest) fails it. Formats without a faithful file, strangers and damaged
 * files are refused.
 */
class ArtifactApiTests extends HttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void anExportedBundleHoldsTheUploadAndItsSignedManifestChecksOut() throws Exception {
		ApiClient user = newUser();
		Path fixture = Fixtures.model("sklearn/iris_rf.joblib");
		String model = upload(user, fixture, "iris");

		Map<String, byte[]> bundle = unzip(download(user, model, 1, "original"));
		assertThat(bundle).containsOnlyKeys("manifest.json", "manifest.sig", "model.joblib");
		assertThat(bundle.get("model.joblib")).isEqualTo(Files.readAllBytes(fixture));
		JsonNode manifest = JSON.readTree(bundle.get("manifest.json"));
		assertThat(manifest.get("format").asString()).isEqualTo("sklearn");
		assertThat(manifest.get("sha256").asString()).isEqualTo(sha256(Files.readAllBytes(fixture)));
		assertThat(manifest.get("size_bytes").asLong()).isEqualTo(Files.size(fixture));
		assertThat(manifest.get("schema").get("target").get("task").asString()).isEqualTo("classification");
		assertThat(manifest.get("schema").get("features")).hasSize(4);
		assertThat(manifest.get("source").get("model_id").asString()).isEqualTo(model);
		assertThat(manifest.get("source").get("version").asInt()).isEqualTo(1);

		// anyone can check it with the public key alone
		JsonNode key = anonymous().get("/api/v1/signing-key").json();
		assertThat(key.get("algorithm").asString()).isEqualTo("Ed25519");
		assertThat(manifest.get("signature").get("key_id").asString()).isEqualTo(key.get("key_id").asString());
		Signature ed25519 = Signature.getInstance("Ed25519");
		ed25519.initVerify(KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.get("public_key").asString()))));
		ed25519.update(bundle.get("manifest.json"));
		assertThat(ed25519
			.verify(Base64.getDecoder().decode(new String(bundle.get("manifest.sig"), StandardCharsets.US_ASCII))))
			.isTrue();

		// the PMML it is served from
		byte[] pmmlZip = download(user, model, 1, "pmml");
		Map<String, byte[]> pmml = unzip(pmmlZip);
		assertThat(new String(pmml.get("model.pmml"), StandardCharsets.UTF_8)).contains("<PMML");
		assertThat(JSON.readTree(pmml.get("manifest.json")).get("format").asString()).isEqualTo("pmml");

		// the server agrees, and refuses any changed byte
		JsonNode valid = verify(pmmlZip);
		assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
		assertThat(valid.get("problems")).isEmpty();

		Map<String, byte[]> changedFile = new LinkedHashMap<>(pmml);
		byte[] file = changedFile.get("model.pmml").clone();
		file[file.length / 2] ^= 1;
		changedFile.put("model.pmml", file);
		JsonNode tamperedFile = verify(zip(changedFile));
		assertThat(tamperedFile.get("valid").asBoolean()).isFalse();
		assertThat(tamperedFile.get("signature_valid").asBoolean()).isTrue();
		assertThat(tamperedFile.get("digest_valid").asBoolean()).isFalse();

		Map<String, byte[]> changedManifest = new LinkedHashMap<>(pmml);
		changedManifest.put("manifest.json",
				new String(pmml.get("manifest.json"), StandardCharsets.UTF_8).replace("\"iris\"", "\"iris2\"")
					.getBytes(StandardCharsets.UTF_8));
		JsonNode tamperedManifest = verify(zip(changedManifest));
		assertThat(tamperedManifest.get("valid").asBoolean()).isFalse();
		assertThat(tamperedManifest.get("signature_valid").asBoolean()).isFalse();
		assertThat(tamperedManifest.get("digest_valid").asBoolean()).isTrue();

		HttpResponse<String> garbage = verifyResponse("not a zip at all".getBytes(StandardCharsets.UTF_8));
		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(garbage.body()).contains("invalid-bundle");
		Map<String, byte[]> unsigned = new LinkedHashMap<>(pmml);
		unsigned.remove("manifest.sig");
		assertThat(verifyResponse(zip(unsigned)).statusCode()).isEqualTo(400);
	}

	@Test
	void exportsOnnxAsUploadedAndRefusesFormatsWithoutAFaithfulFile() throws Exception {
		ApiClient user = newUser();
		Path onnx = Fixtures.model("onnx/iris_mlp.onnx");
		String mlp = upload(user, onnx, "mlp");
		Map<String, byte[]> bundle = unzip(download(user, mlp, 1, "onnx"));
		assertThat(bundle.get("model.onnx")).isEqualTo(Files.readAllBytes(onnx));
		assertThat(JSON.readTree(bundle.get("manifest.json")).get("format").asString()).isEqualTo("onnx");

		String forest = upload(user, Fixtures.model("sklearn/iris_rf.joblib"), "forest");
		ApiClient.Response noOnnx = user.get(exportPath(forest, 1, "onnx"));
		assertThat(noOnnx.status()).isEqualTo(409);
		assertThat(noOnnx.json().get("type").asString()).endsWith("/export-not-available");
		assertThat(noOnnx.json().get("detail").asString()).contains("pmml");
		assertThat(user.get(exportPath(mlp, 1, "pmml")).status()).isEqualTo(409);
		assertThat(user.get(exportPath(mlp, 1, "tflite")).status()).isEqualTo(400);
		assertThat(user.get(exportPath(mlp, 2, "onnx")).status()).isEqualTo(404);
		assertThat(newUser().get(exportPath(mlp, 1, "onnx")).status()).isEqualTo(404);
		assertThat(anonymous().get(exportPath(mlp, 1, "onnx")).status()).isEqualTo(401);
	}

	@Test
	void aDamagedStoredFileIsNotExported() throws Exception {
		ApiClient user = newUser();
		String model = upload(user, Fixtures.model("onnx/iris_mlp.onnx"), "damaged");
		Path stored = DATA_DIR.resolve("models").resolve(model).resolve("1").resolve("original");
		byte[] bytes = Files.readAllBytes(stored);
		bytes[bytes.length - 1] ^= 1;
		Files.write(stored, bytes);
		ApiClient.Response refused = user.get(exportPath(model, 1, "original"));
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.json().get("type").asString()).endsWith("/model-file-damaged");
	}

	@Test
	void verifyingAModelRereadsEveryStoredFileAndFailsADamagedVersion() throws Exception {
		ApiClient user = newUser();
		String model = upload(user, Fixtures.model("sklearn/iris_rf.joblib"), "checked");
		String verify = "/api/v1/models/" + model + "/verify";
		ApiClient.Response sound = user.post(verify, Map.of());
		assertThat(sound.status()).as(sound.toString()).isEqualTo(200);
		assertThat(sound.json().get("ok").asBoolean()).isTrue();
		// the pickle as uploaded, and the PMML it is served from
		assertThat(sound.json().get("files")).extracting((file) -> file.get("file").asString())
			.containsExactly("upload", "served");
		for (JsonNode file : sound.json().get("files")) {
			assertThat(file.get("actual_sha256").asString()).isEqualTo(file.get("expected_sha256").asString());
		}
		assertThat(newUser().post(verify, Map.of()).status()).isEqualTo(404);

		Path version = DATA_DIR.resolve("models").resolve(model).resolve("1");
		Path served;
		try (var files = Files.list(version)) {
			served = files.filter((file) -> !file.getFileName().toString().equals("original"))
				.findFirst()
				.orElseThrow();
		}
		Files.writeString(served, "<PMML/>", StandardCharsets.UTF_8);
		ApiClient.Response damaged = user.post(verify, Map.of());
		assertThat(damaged.json().get("ok").asBoolean()).isFalse();
		assertThat(damaged.json().get("files").get(1).get("ok").asBoolean()).isFalse();
		assertThat(damaged.json().get("files").get(0).get("ok").asBoolean()).isTrue();
		// the version is failed at once (before any load), as a load that found it would
		// have
		JsonNode failed = user.get("/api/v1/models/" + model + "/versions/1").json();
		assertThat(failed.get("failure_reason").asString()).contains("damaged");
		ApiClient.Response predicted = user.post("/api/v1/models/" + model + "/predict",
				Map.of("inputs", java.util.List.of(java.util.List.of(5.1, 3.5, 1.4, 0.2))));
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(503);
	}

	private static String upload(ApiClient user, Path file, String name) {
		ApiClient.Response created = user.upload("/api/v1/models", file, null,
				Map.of("name", name, "description", "exported"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static String exportPath(String model, int version, String format) {
		return "/api/v1/models/" + model + "/versions/" + version + "/export?format=" + format;
	}

	private byte[] download(ApiClient user, String model, int version, String format) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(user.base() + exportPath(model, version, format)));
		request.header("Authorization", user.header("Authorization"));
		HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
		return response.body();
	}

	private JsonNode verify(byte[] bundle) throws Exception {
		HttpResponse<String> response = verifyResponse(bundle);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** Posts a bundle to the verification, without credentials. */
	private HttpResponse<String> verifyResponse(byte[] bundle) throws Exception {
		String boundary = "bundle-" + UUID.randomUUID();
		var body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"b.zip\""
				+ "\r\nContent-Type: application/zip\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(bundle);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(anonymous().base() + "/api/v1/artifacts/verify"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		var entries = new LinkedHashMap<String, byte[]>();
		try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		return entries;
	}

	private static byte[] zip(Map<String, byte[]> entries) throws IOException {
		var out = new ByteArrayOutputStream();
		try (var zip = new ZipOutputStream(out)) {
			for (var entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		return out.toByteArray();
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
