package io.modelhost.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.runtime.ModelRuntime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionApiTests extends HttpTests {

	private ApiClient user;

	private JsonNode iris;

	@BeforeEach
	void uploadIris() {
		this.user = newUser();
		this.iris = upload(this.user, "sklearn/iris_rf.joblib");
	}

	@Test
	void acceptsNamedInstancesAndPositionalRowsAlike() {
		ApiClient.Response rows = this.user.post(predictPath(this.iris),
				Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))));
		ApiClient.Response named = this.user.post(predictPath(this.iris),
				Map.of("instances", List.of(Map.of("x1", 6.3, "x2", 3.3, "x3", 6.0, "x4", 2.5))));
		assertThat(rows.status()).isEqualTo(200);
		assertThat(named.status()).isEqualTo(200);
		assertThat(named.json().get("predictions")).isEqualTo(rows.json().get("predictions"));
		assertThat(named.json().get("predictions").get(0).asInt()).isEqualTo(2);
	}

	@Test
	void listsEveryProblemOfABadBodyWithPointers() {
		ApiClient.Response response = this.user.post(predictPath(this.iris), """
				{"inputs": [[5.1, 3.5, 1.4], [5.1, "wide", 1.4, 0.2], [5.1, 3.5, true, NaN]]}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).endsWith("/invalid-input");
		assertThat(problem.get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactly("/inputs/0", "/inputs/1/1", "/inputs/2/2", "/inputs/2/3");
		assertThat(problem.get("errors").get(0).get("detail").asString()).contains("expected 4 values");
		assertThat(problem.get("errors").get(3).get("detail").asString()).contains("NaN").contains("null");
	}

	@Test
	void aBodyLabelledAsAFormIsRefusedAsSuch() {
		// curl's -d labels a body so unless told otherwise; bytes that are not UTF-8 too
		for (byte[] body : List.of("{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}".getBytes(),
				new byte[] { (byte) 0xff, (byte) 0xfe, 0x25, (byte) 0x80 })) {
			ApiClient.Response response = this.user.postRaw(predictPath(this.iris), "application/x-www-form-urlencoded",
					body);
			assertThat(response.status()).as(response.toString()).isEqualTo(415);
			assertThat(response.json().get("type").asString()).endsWith("/unsupported-media-type");
		}
	}

	@Test
	void refusesBodiesThatAreNotPredictionRequests() {
		String path = predictPath(this.iris);
		assertThat(this.user.post(path, "{\"rows\": [[1, 2, 3, 4]]}").status()).isEqualTo(400);
		assertThat(this.user.post(path, "{\"inputs\": [[1,2,3,4]], \"instances\": []}").status()).isEqualTo(400);
		assertThat(this.user.post(path, "{\"inputs\": []}").status()).isEqualTo(400);
		assertThat(this.user.post(path, "{\"inputs\": 42}").status()).isEqualTo(400);
		assertThat(this.user.post(path, "[1, 2, 3, 4]").status()).isEqualTo(400);
		ApiClient.Response malformed = this.user.post(path, "{\"inputs\": [[1, 2,");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("type").asString()).endsWith("/malformed-body");
		ApiClient.Response unknown = this.user.post(path,
				"{\"instances\": [{\"x1\": 1, \"x2\": 1, \"x3\": 1, " + "\"x4\": 1, \"petal\": 2}]}");
		assertThat(unknown.json().get("errors").get(0).get("detail").asString()).contains("unknown feature 'petal'");
	}

	@Test
	void refusesAMissingValueTheModelCannotTakeNamingEachFeature() {
		// scikit-learn 1.2, which made these, refuses NaN; the evaluator would answer
		// null (forest) or follow an arbitrary branch (tree)
		for (JsonNode model : List.of(this.iris, upload(this.user, "sklearn/iris_logreg_pipeline.pkl"),
				upload(this.user, "sklearn-extra/iris_tree_zlib.joblib"))) {
			ApiClient.Response positional = this.user.post(predictPath(model),
					"{\"inputs\": [[5.1, 3.5, 1.4, 0.2], [null, 3.5, null, 0.2]]}");
			assertThat(positional.status()).as(positional.toString()).isEqualTo(400);
			assertThat(positional.json().get("type").asString()).endsWith("/invalid-input");
			assertThat(positional.json().get("errors")).extracting((e) -> e.get("pointer").asString())
				.containsExactly("/inputs/1/0", "/inputs/1/2");
			assertThat(positional.json().get("errors").get(0).get("detail").asString()).contains("'x1'")
				.contains("cannot take a missing value");
			ApiClient.Response named = this.user.post(predictPath(model),
					"{\"instances\": [{\"x1\": 5.1, \"x2\": 3.5, \"x3\": null, \"x4\": 0.2}]}");
			assertThat(named.status()).isEqualTo(400);
			assertThat(named.json().get("errors")).extracting((e) -> e.get("pointer").asString())
				.containsExactly("/instances/0/x3");
			JsonNode features = this.user.get("/api/v1/models/" + model.get("id").asString())
				.json()
				.get("schema")
				.get("features");
			// the decision tree ignores x2: null is taken there
			assertThat(features).filteredOn((f) -> f.get("used").asBoolean())
				.extracting((f) -> f.get("nullable").asBoolean())
				.containsOnly(false);
		}
		JsonNode regression = upload(this.user, "sklearn/diabetes_gbr.joblib");
		ApiClient.Response gbr = this.user.post(predictPath(regression),
				"{\"inputs\": [[0.04, 0.05, 0.06, 0.02, null, -0.03, -0.04, 0.0, 0.02, -0.02]]}");
		assertThat(gbr.status()).isEqualTo(400);
		assertThat(gbr.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactly("/inputs/0/4");
	}

	@Test
	void takesAMissingValueWhereTheModelHandlesIt() {
		// histogram gradient boosting: every split has a default child for a missing
		// value
		JsonNode hgb = upload(this.user, "sklearn-extra/cancer_hgb_protocol5.joblib");
		JsonNode features = hgb.get("schema").get("features");
		assertThat(features).extracting((f) -> f.get("nullable").asBoolean()).containsOnly(true);
		var row = new ArrayList<Object>();
		for (int i = 0; i < features.size(); i++) {
			row.add((i % 3 == 0) ? null : 1.0);
		}
		var body = new java.util.HashMap<String, Object>();
		body.put("inputs", List.of(row));
		ApiClient.Response response = this.user.post(predictPath(hgb), body);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("predictions").get(0).isNull()).isFalse();
		// a mean imputer before the numbers, none before the one-hot encoded region
		JsonNode wine = upload(this.user, "sklearn-extra/wine_columns.joblib");
		ApiClient.Response imputed = this.user.post(predictPath(wine),
				"{\"instances\": [{\"alcohol\": null, \"malic_acid\": 2.0, \"ash\": null, "
						+ "\"color_intensity\": 5.0, \"region\": \"north\"}]}");
		assertThat(imputed.status()).as(imputed.toString()).isEqualTo(200);
		ApiClient.Response noRegion = this.user.post(predictPath(wine),
				"{\"instances\": [{\"alcohol\": 13.0, \"malic_acid\": 2.0, \"ash\": 2.4, "
						+ "\"color_intensity\": 5.0, \"region\": null}]}");
		assertThat(noRegion.status()).isEqualTo(400);
		assertThat(noRegion.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/instances/0/region");
		JsonNode docs = this.user.get("/api/v1/models/" + wine.get("id").asString() + "/docs").json();
		assertThat(docs.get("inputs")).extracting((f) -> f.get("name").asString() + "=" + f.get("nullable"))
			.containsExactly("alcohol=true", "malic_acid=true", "ash=true", "color_intensity=true", "region=false");
	}

	@Test
	void refusesUnknownMembersAndDuplicateKeysWithTheirPointers() {
		String path = predictPath(this.iris);
		ApiClient.Response unknown = this.user.post(path,
				"{\"inputs\": [[5.1, 3.5, 1.4, 0.2]], \"foo\": 1, \"a/b\": 2}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactly("/foo", "/a~1b");
		// reported with the rows' own problems, not instead of them
		ApiClient.Response both = this.user.post(path, "{\"inputs\": [[5.1, \"wide\", 1.4, 0.2]], \"foo\": 1}");
		assertThat(both.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactlyInAnyOrder("/foo", "/inputs/0/1");
		ApiClient.Response duplicate = this.user.post(path,
				"{\"inputs\": [[5.1, 3.5, 1.4, 0.2]], \"inputs\": [[1, 1, 1, 1]]}");
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.json().get("type").asString()).endsWith("/malformed-body");
		assertThat(duplicate.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs");
		assertThat(duplicate.json().get("errors").get(0).get("detail").asString()).contains("duplicate key 'inputs'");
		ApiClient.Response nested = this.user.post(path,
				"{\"instances\": [{\"x1\": 1, \"x2\": 1, \"x3\": 1, \"x4\": 1, \"x1\": 2}]}");
		assertThat(nested.status()).isEqualTo(400);
		assertThat(nested.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/instances/0/x1");
	}

	@Test
	void describesOversizedNumbersKeysAndNestingInItsOwnWords() {
		String path = predictPath(this.iris);
		String digits = "1".repeat(1500);
		String key = "k".repeat(60_000);
		String deep = "[".repeat(3000) + "]".repeat(3000);
		for (String body : List.of("{\"inputs\": [[" + digits + ", 1, 1, 1]]}",
				"{\"instances\": [{\"" + key + "\": 1}]}", "{\"inputs\": " + deep + "}", "{\"inputs\": [[1, 2,",
				"{\"inputs\": [[1 2]]}")) {
			ApiClient.Response response = this.user.post(path, body);
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.json().get("type").asString()).endsWith("/malformed-body");
			assertNoLibraryText(response.json());
		}
		ApiClient.Response number = this.user.post(path, "{\"inputs\": [[" + digits + ", 1, 1, 1]]}");
		assertThat(number.json().get("detail").asString()).contains("too many digits");
		assertThat(number.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs/0/0");
		ApiClient.Response nesting = this.user.post(path, "{\"inputs\": " + deep + "}");
		assertThat(nesting.json().get("detail").asString()).contains("nested too deeply");
	}

	static void assertNoLibraryText(JsonNode problem) {
		String text = problem.toString();
		assertThat(text).doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.[a-zA-Z.]*[A-Z]\\w+")
			.doesNotContain("Jackson")
			.doesNotContain("StreamReadConstraints")
			.doesNotContain("REDACTED")
			.doesNotContain("Source:")
			.doesNotContain("`")
			.doesNotContain("Exception");
	}

	@Test
	void refusesTooManyRows() {
		var rows = new ArrayList<List<Double>>();
		for (int i = 0; i < 101; i++) {
			rows.add(List.of(5.1, 3.5, 1.4, 0.2));
		}
		ApiClient.Response response = this.user.post(predictPath(this.iris), Map.of("inputs", rows));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("detail").asString()).contains("at most 100");
		assertThat(this.user.post(predictPath(this.iris), Map.of("inputs", rows.subList(0, 100))).status())
			.isEqualTo(200);
	}

	@Test
	void refusesABodyOverTheSizeLimit() {
		String huge = "{\"inputs\": [[" + "1.0, ".repeat(60_000) + "1.0]]}";
		ApiClient.Response response = this.user.post(predictPath(this.iris), huge);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().get("type").asString()).endsWith("/request-too-large");
	}

	@Test
	void checksTensorShapesAndTypes() {
		JsonNode cnn = upload(this.user, "onnx/digits_cnn.onnx");
		ApiClient.Response wrongShape = this.user.post(predictPath(cnn), Map.of("inputs", List.of(List.of(1, 2, 3))));
		assertThat(wrongShape.status()).isEqualTo(400);
		assertThat(wrongShape.json().get("errors").get(0).get("detail").asString()).contains("[1, 8, 8]");
		double[][][] image = new double[1][8][8];
		ApiClient.Response ok = this.user.post(predictPath(cnn), Map.of("inputs", List.of(image, image)));
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.json().get("predictions")).hasSize(2);
		assertThat(ok.json().get("predictions").get(0)).hasSize(10);
		ApiClient.Response text = this.user.post(predictPath(cnn),
				"{\"inputs\": [[[[0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0],[0,0,0,\"x\",0,0,0,0],"
						+ "[0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0]]]]}");
		assertThat(text.status()).isEqualTo(400);
		assertThat(text.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs/0/0/3/3");
	}

	@Test
	void takesApiKeysAndTokensAndRefusesEverythingElse() {
		var row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));
		ApiClient keyed = apiKeyClient(this.user);
		assertThat(keyed.post(predictPath(this.iris), row).status()).isEqualTo(200);
		assertThat(this.user.post(predictPath(this.iris), row).status()).isEqualTo(200);
		ApiClient.Response anonymous = anonymous().post(predictPath(this.iris), row);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(anonymous().withApiKey("mh_notakey").post(predictPath(this.iris), row).status()).isEqualTo(401);
		assertThat(anonymous().withToken("not.a.jwt").post(predictPath(this.iris), row).status()).isEqualTo(401);
	}

	@Test
	void keepsTheModelAdmittedAtUploadLoadedForItsFirstPrediction(@Autowired ModelRegistry registry,
			@Autowired ModelRuntime runtime) {
		var owner = new UserId(this.user.get("/api/v1/auth/me").json().get("id").asString());
		var id = new ModelId(this.iris.get("id").asString());
		String key = registry.servingTarget(owner, id, null).artifact().key();
		assertThat(runtime.isLoaded(key)).isTrue();
		runtime.evict(key);
		assertThat(runtime.isLoaded(key)).isFalse();
		// after an eviction the next prediction loads the model from its stored file
		ApiClient.Response response = this.user.post(predictPath(this.iris),
				Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("predictions").get(0).asInt()).isEqualTo(2);
		assertThat(runtime.isLoaded(key)).isTrue();
	}

	@Test
	void answersAnEngineFailureWith500AndTheRequestId() {
		JsonNode reshape = upload(this.user, "onnx-extra/reshape_to_2x2.onnx");
		ApiClient.Response one = this.user.post(predictPath(reshape), Map.of("inputs", List.of(List.of(1, 2, 3, 4))));
		assertThat(one.status()).as(one.toString()).isEqualTo(200);
		ApiClient.Response two = this.user.post(predictPath(reshape),
				Map.of("inputs", List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8))));
		assertThat(two.status()).as(two.toString()).isEqualTo(500);
		assertThat(two.json().get("type").asString()).endsWith("/prediction-failed");
		assertThat(two.json().get("requestId").asString()).isEqualTo(two.header("X-Request-Id"));
		assertThat(two.body()).doesNotContain("Reshape").doesNotContain("Exception");
	}

	@Test
	void refusesNumbersBeyondTheRangeOfTheInputType() {
		ApiClient.Response huge = this.user.post(predictPath(this.iris),
				"{\"inputs\": [[1" + "0".repeat(400) + ", 1, 1, 1]]}");
		assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
		assertThat(huge.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs/0/0");
		JsonNode mlp = upload(this.user, "onnx/iris_mlp.onnx");
		ApiClient.Response beyondFloat = this.user.post(predictPath(mlp), "{\"inputs\": [[1e39, 1, 1, 1]]}");
		assertThat(beyondFloat.status()).as(beyondFloat.toString()).isEqualTo(400);
		assertThat(beyondFloat.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs/0/0");
	}

}
