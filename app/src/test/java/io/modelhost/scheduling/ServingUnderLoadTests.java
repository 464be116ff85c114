package io.modelhost.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving core over real HTTP, with small queues: one worker, room for two waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.scheduling.queue-capacity=2", "modelhost.scheduling.workers=1",
				"modelhost.scheduling.max-batch-delay=20ms", "modelhost.serving.max-rows=100" })
class ServingUnderLoadTests extends HttpTests {

	@Test
	void answers503ForAFloodedModelWhileAnotherModelServes() throws Exception {
		ApiClient user = newUser();
		JsonNode slow = upload(user, "onnx-extra/slow_matmul.onnx");
		JsonNode iris = upload(user, "sklearn/iris_rf.joblib");
		var rows = new ArrayList<List<Double>>();
		var random = new Random(1);
		for (int i = 0; i < 50; i++) {
			rows.add(random.doubles(256, -1, 1).boxed().toList());
		}
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			var flood = new ArrayList<Future<ApiClient.Response>>();
			for (int i = 0; i < 12; i++) {
				flood.add(clients.submit(() -> user.post(predictPath(slow), Map.of("inputs", rows))));
			}
			var others = new ArrayList<ApiClient.Response>();
			for (int i = 0; i < 20; i++) {
				others.add(user.post(predictPath(iris), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)))));
			}
			var statuses = new ArrayList<Integer>();
			ApiClient.Response busy = null;
			for (Future<ApiClient.Response> response : flood) {
				statuses.add(response.get().status());
				if (response.get().status() == 503) {
					busy = response.get();
				}
			}
			assertThat(statuses).contains(200, 503).containsOnly(200, 503);
			assertThat(busy).isNotNull();
			assertThat(busy.header("Retry-After")).isEqualTo("1");
			assertThat(busy.json().get("type").asString()).endsWith("/model-busy");
			assertThat(others).allSatisfy((response) -> assertThat(response.status()).isEqualTo(200));
		}
	}

	@Test
	void batchedPredictionsEqualThoseMadeOneByOne() throws Exception {
		ApiClient user = newUser();
		JsonNode cnn = upload(user, "onnx/digits_cnn.onnx");
		var random = new Random(2);
		var images = new ArrayList<double[][][]>();
		for (int i = 0; i < 16; i++) {
			double[][][] image = new double[1][8][8];
			for (double[] row : image[0]) {
				for (int j = 0; j < 8; j++) {
					row[j] = random.nextInt(17) / 16.0;
				}
			}
			images.add(image);
		}
		var alone = new ArrayList<JsonNode>();
		for (double[][][] image : images) {
			alone.add(user.post(predictPath(cnn), Map.of("inputs", List.of((Object) image))).json().get("predictions"));
		}
		// the queue holds two: most requests wait behind another and run stacked with it
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			var tasks = new ArrayList<Callable<JsonNode>>();
			for (double[][][] image : images) {
				tasks.add(() -> untilAccepted(
						() -> user.post(predictPath(cnn), Map.of("inputs", List.of((Object) image))))
					.json());
			}
			List<Future<JsonNode>> together = clients.invokeAll(tasks);
			for (int i = 0; i < images.size(); i++) {
				assertThat(together.get(i).get().get("predictions")).isEqualTo(alone.get(i));
			}
		}
	}

	/**
	 * Sends again after a 503, as a client honouring Retry-After would (without the
	 * wait).
	 */
	private static ApiClient.Response untilAccepted(Callable<ApiClient.Response> send) throws Exception {
		for (int attempt = 0; attempt < 200; attempt++) {
			ApiClient.Response response = send.call();
			if (response.status() != 503) {
				return response;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("still 503 after 200 attempts");
	}

}
