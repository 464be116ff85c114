package io.modelhost.serving;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs are JSON, one line per request, carrying the caller's request id, the model,
 * the status and the latency, and never what was sent or the credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests extends HttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void logsOneJsonLinePerPredictionWithoutPayloadOrKey(CapturedOutput output) {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		String key = user.post("/api/v1/api-keys", Map.of("name", "log test")).json().get("key").asString();
		String requestId = "log-test-" + System.nanoTime();
		ApiClient caller = anonymous().withApiKey(key).with("X-Request-Id", requestId);
		ApiClient.Response response = caller.post(predictPath(model),
				Map.of("inputs", List.of(List.of(5.123, 3.5, 1.4, 0.2))));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Request-Id")).isEqualTo(requestId);

		JsonNode line = awaitLine(output, requestId);
		assertThat(output.getOut().lines().filter((l) -> l.contains(requestId))).as("one line per request").hasSize(1);
		assertThat(line.get("log").get("logger").asString()).isEqualTo("io.modelhost.request");
		assertThat(line.get("http").get("status").asString()).isEqualTo("200");
		assertThat(line.get("http").get("method").asString()).isEqualTo("POST");
		assertThat(line.get("url").get("path").asString()).isEqualTo(predictPath(model));
		assertThat(line.get("model").get("id").asString()).isEqualTo(model.get("id").asString());
		assertThat(line.get("model").get("version").asString()).isEqualTo("1");
		assertThat(line.get("latency_ms").isNumber()).isTrue();
		assertThat(line.get("latency_ms").asDouble()).isPositive();
		assertThat(output.getOut()).doesNotContain(key).doesNotContain("5.123");
	}

	@Test
	void logsRefusedRequestsToo(CapturedOutput output) {
		String requestId = "log-refused-" + System.nanoTime();
		ApiClient.Response response = anonymous().with("X-Request-Id", requestId).get("/api/v1/models");
		assertThat(response.status()).isEqualTo(401);
		JsonNode line = awaitLine(output, requestId);
		assertThat(line.get("http").get("status").asString()).isEqualTo("401");
		assertThat(line.get("url").get("path").asString()).isEqualTo("/api/v1/models");
	}

	/**
	 * The request line with this id: written when the server's filter chain unwinds,
	 * which can be just after the client has read a response the server committed early.
	 */
	private static JsonNode awaitLine(CapturedOutput output, String requestId) {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (true) {
			var line = output.getOut()
				.lines()
				.filter((l) -> l.contains(requestId) && l.contains("\"io.modelhost.request\""))
				.findFirst();
			if (line.isPresent()) {
				return JSON.readTree(line.get());
			}
			assertThat(System.nanoTime()).as("no request line for " + requestId).isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
