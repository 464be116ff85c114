package io.modelhost.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation and comparison pages over real HTTP, without JavaScript: start an
 * evaluation from the model's page, follow its page to the metrics and the heat map, and
 * compare two models; a bad request is explained beside the form; nobody else sees them.
 */
class EvaluationPagesTests extends HttpTests {

	private static final String FEATURES = "[\"sepal length (cm)\", \"sepal width (cm)\", \"petal length (cm)\", "
			+ "\"petal width (cm)\"]";

	private static final Pattern ROW = Pattern.compile("<th scope=\"row\">(\\d)</th>((?:\\s*<td[^>]*>\\d+</td>)+)");

	private static final Pattern CELL = Pattern.compile("<td class=\"([^\"]+)\">(\\d+)</td>");

	@Test
	void evaluatesFromTheModelsPageAndShowsTheHeatMap(@TempDir Path temp) throws Exception {
		String name = "evaluator_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String forest = model(api, "sklearn/iris_rf.joblib");
		String logistic = model(api, "sklearn/iris_logreg_pipeline.pkl");
		String dataset = dataset(api, temp);

		PageClient.Page modelPage = pages.get("/models/" + forest);
		assertThat(modelPage.body()).contains("id=\"evaluation-form\"")
			.contains("<option value=\"" + dataset + "\">")
			.contains("href=\"/comparisons/new?model=" + forest + "\"");

		PageClient.Page refused = pages.post("/models/" + forest + "/evaluations",
				Map.of("datasetId", dataset, "target", "colour"));
		assertThat(refused.status()).isEqualTo(302);
		assertThat(refused.location()).endsWith("/models/" + forest + "#evaluate");
		assertThat(pages.get("/models/" + forest).body()).contains("The evaluation was not started")
			.contains("The dataset has no column &#39;colour&#39;");

		PageClient.Page started = pages.post("/models/" + forest + "/evaluations",
				Map.of("datasetId", dataset, "target", "species"));
		assertThat(started.status()).as(started.toString()).isEqualTo(302);
		String evaluation = started.location().replaceFirst("^https?://[^/]+", "");
		assertThat(evaluation).matches("/evaluations/[0-9a-f-]{36}");
		PageClient.Page done = awaitDone(pages, evaluation);
		assertThat(done.body()).contains("id=\"job-status\">succeeded<")
			.contains("150 rows scored, 0 skipped.")
			.contains("<dt>accuracy</dt>")
			.contains("id=\"confusion-heatmap\"")
			.contains("id=\"per-class\"")
			.doesNotContain("style=");
		// each row of the heat map holds the actual label's 50 rows, shaded by their
		// share
		JsonNode api_ = api.get("/api/v1/evaluations/" + evaluation.substring(evaluation.lastIndexOf('/') + 1)).json();
		Matcher rows = ROW.matcher(done.body());
		int seen = 0;
		while (rows.find()) {
			int actual = Integer.parseInt(rows.group(1));
			Matcher cells = CELL.matcher(rows.group(2));
			int predicted = 0;
			long total = 0;
			while (cells.find()) {
				long count = Long.parseLong(cells.group(2));
				total += count;
				assertThat(count)
					.isEqualTo(api_.get("confusion_matrix").get("matrix").get(actual).get(predicted).asLong());
				assertThat(cells.group(1)).startsWith("heat-" + Math.round(9.0 * count / 50));
				assertThat(cells.group(1).contains("diagonal")).isEqualTo(actual == predicted);
				predicted++;
			}
			assertThat(total).isEqualTo(50);
			seen++;
		}
		assertThat(seen).isEqualTo(3);
		assertThat(pages.get("/models/" + forest).body()).contains("id=\"recent-evaluations\"")
			.contains("href=\"" + evaluation + "\"");

		// compare the two models
		PageClient.Page form = pages.get("/comparisons/new?model=" + forest);
		assertThat(form.body()).contains("value=\"" + logistic + "\"")
			.containsPattern("value=\"" + forest + "\"[^>]*checked");
		PageClient.Page tooFew = pages.post("/comparisons",
				Map.of("modelIds", forest, "datasetId", dataset, "target", "species"));
		assertThat(tooFew.status()).isEqualTo(400);
		assertThat(tooFew.body()).contains("The comparison was not started").contains("2 to 5 models");
		PageClient.Page compared = pages.post("/comparisons",
				Map.of("modelIds", forest + "," + logistic, "datasetId", dataset, "target", "species"));
		assertThat(compared.status()).as(compared.toString()).isEqualTo(302);
		String comparison = compared.location().replaceFirst("^https?://[^/]+", "");
		PageClient.Page comparisonPage = awaitDone(pages, comparison);
		JsonNode result = api.get("/api/v1" + comparison).json();
		assertThat(comparisonPage.body()).contains("id=\"compared-models\"")
			.contains("The models&#39; predictions differ on " + result.get("disagreements").get("count").asLong()
					+ " rows.")
			.contains("class=\"badge active\">best<");

		// nobody else sees them
		PageClient stranger = PageClient.signedUp(this.port, "stranger_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get(evaluation).status()).isEqualTo(404);
		assertThat(stranger.get(evaluation).body()).contains("Evaluation not found");
		assertThat(stranger.get(comparison).status()).isEqualTo(404);
	}

	private static PageClient.Page awaitDone(PageClient pages, String path) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		PageClient.Page progress = pages.get(path + "/progress");
		while (!progress.body().contains("id=\"job-status\">succeeded<") && Instant.now().isBefore(deadline)) {
			assertThat(progress.body()).as("a fragment, not a page").doesNotContain("<html").doesNotContain(">failed<");
			Thread.sleep(300);
			progress = pages.get(path + "/progress");
		}
		PageClient.Page page = pages.get(path);
		assertThat(page.status()).isEqualTo(200);
		return page;
	}

	private ApiClient login(String name) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", name, "password", "correct horse battery"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	private static String model(ApiClient api, String fixture) {
		ApiClient.Response response = api.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", fixture, "description", "fixture", "features", FEATURES));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	/** The iris CSV with the species as the fixture models' class codes 0, 1, 2. */
	private static String dataset(ApiClient api, Path temp) throws Exception {
		List<String> lines = Files.readAllLines(Fixtures.root().resolve("datasets/iris.csv"));
		List<String> species = List.of("setosa", "versicolor", "virginica");
		Path coded = temp.resolve("iris-coded.csv");
		Files.write(coded, lines.stream().map((line) -> {
			int comma = line.lastIndexOf(',');
			int code = species.indexOf(line.substring(comma + 1));
			return (code < 0) ? line : line.substring(0, comma + 1) + code;
		}).toList());
		ApiClient.Response response = api.upload("/api/v1/datasets", coded, null, Map.of("name", "iris coded"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

}
