package io.modelhost.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.modelhost.analysis.EvaluationApiTests.IRIS_FEATURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Comparisons over real HTTP: two iris classifiers on the same rows, each figure checked
 * against the models' own /predict answers.
 */
class ComparisonApiTests extends HttpTests {

	@Test
	void comparesModelsOnTheSameRowsAndCountsWhereTheyDisagree() throws InterruptedException {
		ApiClient user = newUser();
		Path coded = Labelled.codedIris();
		String dataset = Labelled.upload(user, coded);
		String forest = Labelled.model(user, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		String logistic = Labelled.model(user, "sklearn/iris_logreg_pipeline.pkl", IRIS_FEATURES).get("id").asString();
		ApiClient.Response submitted = user.post("/api/v1/comparisons",
				Map.of("model_ids", List.of(forest, logistic), "dataset_id", dataset, "target", "species"));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		assertThat(submitted.header("Location"))
			.isEqualTo("/api/v1/comparisons/" + submitted.json().get("id").asString());
		JsonNode comparison = EvaluationApiTests.await(user, submitted.header("Location"));

		List<List<String>> rows = Labelled.read(coded);
		List<JsonNode> forestAnswers = Labelled.predict(user, forest, coded, 4);
		List<JsonNode> logisticAnswers = Labelled.predict(user, logistic, coded, 4);
		var disagreeing = new ArrayList<Long>();
		long forestRight = 0;
		long logisticRight = 0;
		for (int i = 0; i < forestAnswers.size(); i++) {
			String actual = rows.get(i + 1).get(4);
			String a = forestAnswers.get(i).get("prediction").asString();
			String b = logisticAnswers.get(i).get("prediction").asString();
			forestRight += a.equals(actual) ? 1 : 0;
			logisticRight += b.equals(actual) ? 1 : 0;
			if (!a.equals(b)) {
				disagreeing.add(i + 1L);
			}
		}
		assertThat(disagreeing).as("the forest and the pipeline differ on a few iris rows").isNotEmpty();
		assertThat(forestRight).as("so that 'best' is tested").isNotEqualTo(logisticRight);

		assertThat(comparison.get("rows").asLong()).isEqualTo(150);
		JsonNode models = comparison.get("models");
		assertThat(models).extracting((m) -> m.get("model_id").asString()).containsExactly(forest, logistic);
		assertThat(models.get(0).get("metrics").get("accuracy").asDouble()).isCloseTo(forestRight / 150.0,
				within(1e-12));
		assertThat(models.get(1).get("metrics").get("accuracy").asDouble()).isCloseTo(logisticRight / 150.0,
				within(1e-12));
		JsonNode best = comparison.get("best");
		assertThat(best.get("accuracy")).extracting(JsonNode::asString)
			.containsExactly((forestRight > logisticRight) ? forest : logistic);
		// lower is better for the log loss
		double forestLoss = models.get(0).get("metrics").get("log_loss").asDouble();
		double logisticLoss = models.get(1).get("metrics").get("log_loss").asDouble();
		assertThat(best.get("log_loss")).extracting(JsonNode::asString)
			.containsExactly((forestLoss < logisticLoss) ? forest : logistic);

		JsonNode disagreements = comparison.get("disagreements");
		assertThat(disagreements.get("count").asLong()).isEqualTo(disagreeing.size());
		assertThat(disagreements.get("rows")).extracting((r) -> r.get("row").asLong())
			.containsExactlyElementsOf(disagreeing.subList(0, Math.min(50, disagreeing.size())));
		JsonNode first = disagreements.get("rows").get(0);
		int row = first.get("row").asInt();
		assertThat(first.get("predictions").get(forest)).isEqualTo(forestAnswers.get(row - 1).get("prediction"));
		assertThat(first.get("predictions").get(logistic)).isEqualTo(logisticAnswers.get(row - 1).get("prediction"));
		assertThat(first.get("actual").asString()).isEqualTo(rows.get(row).get(4));

		assertThat(user.get("/api/v1/comparisons").json().get("total").asLong()).isEqualTo(1);
	}

	@Test
	void refusesFewerThanTwoModelsOrOneTwice() {
		ApiClient user = newUser();
		String dataset = Labelled.upload(user, Labelled.codedIris());
		String forest = Labelled.model(user, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		assertThat(pointers(user, Map.of("model_ids", List.of(forest), "dataset_id", dataset, "target", "species")))
			.containsExactly("/model_ids");
		assertThat(pointers(user,
				Map.of("model_ids", List.of(forest, forest), "dataset_id", dataset, "target", "species")))
			.containsExactly("/model_ids/1");
		String regressor = Labelled.model(user, "sklearn/diabetes_gbr.joblib", EvaluationApiTests.DIABETES_FEATURES)
			.get("id")
			.asString();
		List<String> mixed = pointers(user,
				Map.of("model_ids", List.of(forest, regressor), "dataset_id", dataset, "target", "species"));
		assertThat(mixed).contains("/model_ids", "/dataset_id");
	}

	private static List<String> pointers(ApiClient user, Map<String, Object> order) {
		ApiClient.Response response = user.post("/api/v1/comparisons", order);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("type").asString()).endsWith("/invalid-analysis-request");
		return response.json().get("errors").findValuesAsString("pointer");
	}

}
