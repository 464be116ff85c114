package io.modelhost.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile model files, each made for the purpose (fixtures/models/torch-hostile and
 * hostile-memory, with the scripts that made them), uploaded over HTTP while other models
 * of every in-process engine and a TorchScript model in the serving worker answer a
 * steady stream of predictions. Each upload is refused with a 422 that says why, nothing
 * is stored, and no prediction of the other models fails or stalls meanwhile.
 *
 * <p>
 * Deadlines of 10 s, so that the endless TorchScript loop is refused quickly, with room
 * for the legitimate uploads on a busy machine; 256 MB of decoded memory per model, so
 * that a decompression bomb is stopped after 256 MB written rather than the default 1 GB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.runtime.admission-timeout=10s", "modelhost.runtime.worker.prediction-timeout=10s",
				"modelhost.registry.max-upload-size=4MB", "modelhost.runtime.max-expanded-size=256MB",
				"modelhost.quotas.anonymous-requests=100000", "modelhost.quotas.per-user-requests=1000000",
				"modelhost.quotas.per-key-requests=1000000" })
class HostileUploadsTests extends HttpTests {

	/**
	 * A hostile file and what the server must answer: the problem type and a phrase; the
	 * inputs to declare where TorchScript does not tell them.
	 */
	record Hostile(String fixture, String type, String phrase, String inputs) {

		Hostile(String fixture, String type, String phrase) {
			this(fixture, type, phrase, "");
		}

		Map<String, String> fields() {
			return this.inputs.isEmpty() ? Map.of("name", "hostile", "description", this.fixture)
					: Map.of("name", "hostile", "description", this.fixture, "inputs", this.inputs);
		}

	}

	static final List<Hostile> HOSTILE = List.of(
			new Hostile("torch-hostile/from_file_forward.pt", "unsafe-model", "aten::from_file"),
			new Hostile("torch-hostile/from_file_setstate.pt", "unsafe-model", "aten::from_file"),
			new Hostile("torch-hostile/from_file_submodule.pt", "unsafe-model", "aten::from_file"),
			new Hostile("torch-hostile/from_file_ops_aten.pt", "unsafe-model", "aten::from_file"),
			new Hostile("torch-hostile/from_file_odd_spacing.pt", "unsafe-model", "aten::from_file"),
			new Hostile("torch-hostile/from_file_alias.pt", "unsafe-model", "torch"),
			new Hostile("torch-hostile/from_file_string_method.pt", "unsafe-model", "from_file"),
			new Hostile("torch-hostile/save_forward.pt", "unsafe-model", "aten::save"),
			new Hostile("torch-hostile/custom_op_namespace.pt", "unsafe-model", "evil::op"),
			new Hostile("torch-hostile/torch_classes.pt", "unsafe-model", "classes"),
			new Hostile("torch-hostile/infinite_loop.pt", "model-too-slow", "took longer than 10 s",
					"[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]"),
			new Hostile("malicious/os_system.pkl", "unsafe-model", "posix.system"),
			new Hostile("hostile-memory/keras_fill_value_kernel.h5", "model-too-large", ""),
			new Hostile("hostile-memory/keras_deflate_bomb_chunk.h5", "model-too-large", ""),
			new Hostile("hostile-memory/keras_repeat_vector_activations.h5", "model-too-large", ""),
			new Hostile("hostile-memory/sklearn_xz_bomb.joblib", "model-too-large", ""),
			new Hostile("hostile-memory/sklearn_zlib_bomb.joblib", "model-too-large", ""),
			new Hostile("hostile-memory/sklearn_ndarray_shape.pkl", "model-too-large", ""),
			new Hostile("hostile-memory/onnx_constant_of_shape.onnx", "model-too-large", "ConstantOfShape"),
			new Hostile("hostile-memory/onnx_hidden_constant_shape.onnx", "model-too-large", ""),
			new Hostile("hostile-memory/onnx_if_constant_of_shape.onnx", "model-too-large", ""),
			new Hostile("hostile-memory/onnx_initializer_shape.onnx", "model-too-large", ""),
			new Hostile("hostile-memory/onnx_request_constant_of_shape.onnx", "unsafe-model", "request input"),
			new Hostile("hostile-memory/onnx_request_range.onnx", "unsafe-model", "request input"),
			new Hostile("hostile-memory/onnx_request_expand.onnx", "unsafe-model", "request input"),
			new Hostile("hostile-memory/onnx_loop_request_shape.onnx", "unsafe-model", "request input"));

	@Test
	void refusesEveryHostileFileWhileOtherModelsKeepAnswering() throws InterruptedException {
		ApiClient user = newUser();
		List<JsonNode> served = List.of(upload(user, "sklearn/iris_rf.joblib", "forest"),
				upload(user, "onnx/iris_mlp.onnx", "onnx mlp"),
				upload(user, "torch/iris_mlp_torchscript.pt", "torch mlp"));
		ApiClient caller = apiKeyClient(user);

		var traffic = new Traffic(caller, served);
		Thread sender = Thread.ofPlatform().name("traffic").start(traffic);
		try {
			Thread.sleep(2_000);
			traffic.mark("during");
			for (Hostile hostile : HOSTILE) {
				long started = System.nanoTime();
				ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model(hostile.fixture()), null,
						hostile.fields());
				long millis = (System.nanoTime() - started) / 1_000_000;
				System.out.printf("hostile %-52s %d %-16s %5d ms%n", hostile.fixture(), response.status(),
						response.json().get("type").asString().replaceAll(".*/", ""), millis);
				assertThat(response.status()).as(response.toString()).isEqualTo(422);
				assertThat(response.json().get("type").asString()).as(response.toString())
					.endsWith("/" + hostile.type());
				assertThat(response.json().get("detail").asString()).as(response.toString()).contains(hostile.phrase());
			}
			traffic.mark("after");
			Thread.sleep(1_000);
		}
		finally {
			traffic.stop();
			sender.join();
		}

		assertThat(user.get("/api/v1/models").json().get("total").asLong()).as("nothing stored").isEqualTo(3);
		assertThat(traffic.failures).as("every prediction of the other models answered 200").isEmpty();
		for (String phase : List.of("before", "during", "after")) {
			for (JsonNode model : served) {
				List<Long> latencies = traffic.latencies(phase, model.get("name").asString());
				System.out.printf("%-6s %-10s n=%5d p50=%6.2f ms p99=%7.2f ms max=%7.2f ms%n", phase,
						model.get("name").asString(), latencies.size(), percentile(latencies, 50) / 1e6,
						percentile(latencies, 99) / 1e6, percentile(latencies, 100) / 1e6);
			}
		}
		for (JsonNode model : served) {
			String name = model.get("name").asString();
			assertThat(traffic.latencies("during", name)).as(name + " answered while hostile files were refused")
				.hasSizeGreaterThan(10);
			// generous for a shared 2-core machine: a stall (a global lock, a killed
			// worker) takes seconds
			assertThat(percentile(traffic.latencies("during", name), 99)).as(name + " p99 during, ns")
				.isLessThan(1_000_000_000L);
		}
	}

	private static long percentile(List<Long> values, int percentile) {
		if (values.isEmpty()) {
			return 0;
		}
		List<Long> sorted = values.stream().sorted().toList();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/** Predictions on each served model in turn, one at a time, with their latencies. */
	static final class Traffic implements Runnable {

		private final ApiClient caller;

		private final List<JsonNode> models;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private volatile String phase = "before";

		private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();

		final List<String> failures = Collections.synchronizedList(new ArrayList<>());

		Traffic(ApiClient caller, List<JsonNode> models) {
			this.caller = caller;
			this.models = models;
		}

		void mark(String phase) {
			this.phase = phase;
		}

		void stop() {
			this.running.set(false);
		}

		List<Long> latencies(String phase, String model) {
			return this.latencies.getOrDefault(phase + "/" + model, List.of());
		}

		@Override
		public void run() {
			// four features: sepal and petal measurements (standardised for the tensor
			// models; any numbers do)
			Map<String, Object> body = Map.of("inputs", List.of(List.of(-0.9, 1.0, -1.3, -1.3)));
			while (this.running.get()) {
				for (JsonNode model : this.models) {
					String phaseNow = this.phase;
					long started = System.nanoTime();
					ApiClient.Response response = this.caller.post(predictPath(model), body);
					long nanos = System.nanoTime() - started;
					if (response.status() != 200) {
						this.failures.add(model.get("name").asString() + " " + phaseNow + ": " + response);
					}
					this.latencies
						.computeIfAbsent(phaseNow + "/" + model.get("name").asString(),
								(key) -> Collections.synchronizedList(new ArrayList<>()))
						.add(nanos);
				}
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

}
