package io.modelhost.training;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobFeed;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.Jobs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: measures a small model's prediction latency over HTTP, alone and while a
 * training job runs, split by the family of the candidate being cross-validated at the
 * time (XGBoost or the linear ones). Its name keeps it out of the suite; run it with
 * {@code -Dtest=TrainingLatencyMeasurement}, with and without
 * {@code OMP_WAIT_POLICY=PASSIVE} in the environment (docs/training.md has the figures).
 */
class TrainingLatencyMeasurement extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Autowired
	Jobs jobs;

	@Test
	void measuresPredictionLatencyWhileTraining() throws Exception {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib", "served");
		String predict = predictPath(model);
		for (int i = 0; i < 300; i++) {
			user.post(predict, ROW);
		}
		List<Sample> baseline = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			baseline.add(sample(user, predict));
		}
		String dataset = user
			.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/diabetes.csv"), null, Map.of("name", "d"))
			.json()
			.get("id")
			.asString();
		String id = user
			.post("/api/v1/training-jobs",
					Map.of("dataset_id", dataset, "target", "progression", "model_name", "m", "time_budget_s", 30))
			.json()
			.get("id")
			.asString();
		List<Sample> during = new ArrayList<>();
		while (!user.get("/api/v1/training-jobs/" + id).json().get("status").asString().equals("succeeded")) {
			for (int i = 0; i < 20; i++) {
				during.add(sample(user, predict));
			}
		}
		UserId owner = new UserId(user.get("/api/v1/auth/me").json().get("id").asString());
		JobFeed feed = this.jobs.follow(owner, new JobId(id), 0L);
		List<JobEvent> events = new ArrayList<>();
		while (!feed.finished()) {
			events.addAll(feed.next(Duration.ofSeconds(1)));
		}
		// one thread: candidates run one after another, each from the previous one's end
		List<Window> windows = new ArrayList<>();
		Instant start = events.stream().filter((e) -> e.name().equals("status")).findFirst().orElseThrow().at();
		for (JobEvent event : events) {
			if (event.name().equals("candidate")) {
				windows.add(new Window(event.data().get("algorithm").asString(), start, event.at()));
				start = event.at();
			}
		}
		System.out.printf("OMP_WAIT_POLICY=%s, %d processors, %d candidates%n", System.getenv("OMP_WAIT_POLICY"),
				Runtime.getRuntime().availableProcessors(), windows.size());
		report("no training", baseline);
		report("training (whole job)", during);
		report("while xgboost cross-validates", during.stream().filter(in(windows, true)).toList());
		report("while linear families cross-validate", during.stream().filter(in(windows, false)).toList());
		assertThat(during).isNotEmpty();
	}

	private static Predicate<Sample> in(List<Window> windows, boolean xgboost) {
		return (sample) -> windows.stream()
			.anyMatch((w) -> w.algorithm().startsWith("xgboost") == xgboost && !sample.at().isBefore(w.from())
					&& sample.at().isBefore(w.to()));
	}

	private static Sample sample(ApiClient user, String path) {
		Instant at = Instant.now();
		long started = System.nanoTime();
		ApiClient.Response response = user.post(path, ROW);
		long micros = (System.nanoTime() - started) / 1000;
		assertThat(response.status()).isEqualTo(200);
		return new Sample(at, micros);
	}

	private static void report(String label, List<Sample> samples) {
		long[] micros = samples.stream().mapToLong(Sample::micros).sorted().toArray();
		if (micros.length == 0) {
			System.out.printf("%-40s no samples%n", label);
			return;
		}
		System.out.printf("%-40s n=%5d p50=%6.2f ms p99=%7.2f ms max=%7.2f ms%n", label, micros.length,
				percentile(micros, 0.50) / 1000.0, percentile(micros, 0.99) / 1000.0,
				micros[micros.length - 1] / 1000.0);
	}

	private static long percentile(long[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private record Sample(Instant at, long micros) {

	}

	private record Window(String algorithm, Instant from, Instant to) {

	}

}
