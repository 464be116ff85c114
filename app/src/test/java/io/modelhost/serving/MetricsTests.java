package io.modelhost.serving;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTests extends HttpTests {

	@Test
	void exposesOneMetricSchemaForEveryFormatToAdministrators() {
		ApiClient user = newUser();
		JsonNode forest = upload(user, "sklearn/iris_rf.joblib");
		JsonNode cnn = upload(user, "onnx/digits_cnn.onnx");
		user.post(predictPath(forest), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))));
		user.post(predictPath(forest), Map.of("inputs", List.of(List.of("x"))));
		user.post(predictPath(cnn), Map.of("inputs", List.of((Object) new double[1][8][8])));

		ApiClient.Response scrape = admin().get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		String forestId = forest.get("id").asString();
		String cnnId = cnn.get("id").asString();
		assertThat(scrape.body())
			.contains("modelhost_predictions_seconds_count{model=\"" + forestId
					+ "\",outcome=\"success\",protocol=\"modelhost\",version=\"1\"} 1")
			.contains("modelhost_predictions_seconds_count{model=\"" + forestId
					+ "\",outcome=\"client_error\",protocol=\"modelhost\",version=\"1\"} 1")
			.contains("modelhost_predictions_seconds_bucket{model=\"" + cnnId)
			.contains("modelhost_queue_wait_seconds_count{model=\"" + cnnId)
			.contains("modelhost_batch_size_count{model=\"" + cnnId)
			.contains("modelhost_model_memory_bytes{kind=\"heap\",model=\"" + forestId)
			.contains("modelhost_model_load_seconds_count{engine=\"onnx-runtime\",format=\"onnx\",model=\"" + cnnId)
			.contains("modelhost_models_loaded")
			.contains("modelhost_queue_depth{model=\"" + cnnId);
		assertThat(scrape.body()).doesNotContain(user.get("/api/v1/auth/me").json().get("id").asString());
	}

	@Test
	void keepsMetricsFromEveryoneButAdministrators() {
		assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(newUser().get("/actuator/prometheus").status()).isEqualTo(403);
		assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
	}

	@Test
	void letsAScraperReadTheMetricsAndNothingElse() {
		ApiClient scraper = anonymous().with("Authorization", basic("prometheus:" + SCRAPE_TOKEN));
		ApiClient.Response scrape = scraper.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("modelhost_models_loaded");
		assertThat(scraper.get("/actuator/env").status()).isEqualTo(401);
		assertThat(scraper.get("/api/v1/models").status()).isEqualTo(401);
		for (String wrong : new String[] { "prometheus:" + SCRAPE_TOKEN + "x", "admin:" + SCRAPE_TOKEN,
				"prometheus:" }) {
			ApiClient.Response refused = anonymous().with("Authorization", basic(wrong)).get("/actuator/prometheus");
			assertThat(refused.status()).as(wrong).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		assertThat(anonymous().with("Authorization", "Basic !!!").get("/actuator/prometheus").status()).isEqualTo(401);
	}

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

}
