package io.modelhost.runtime;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory budget of 256 KB: about two PMML models fit (iris_rf ≈ 60 KB, diabetes_gbr ≈
 * 105 KB of heap), the KNN model that embeds its training set (≈ 370 KB) never does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "modelhost.runtime.memory-budget=256KB")
class MemoryBudgetApiTests extends HttpTests {

	@Test
	void refusesAModelThatCannotFitWith507() {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/models",
				Fixtures.model("sklearn-extra/diabetes_knn_xz.joblib"), null,
				Map.of("name", "knn", "description", "embeds its training set"));
		assertThat(response.status()).as(response.toString()).isEqualTo(507);
		assertThat(response.json().get("type").asString()).endsWith("/insufficient-memory");
		assertThat(response.json().get("neededBytes").asLong())
			.isGreaterThan(response.json().get("budgetBytes").asLong());
		assertThat(user.get("/api/v1/models").json().get("total").asLong()).isZero();
	}

	@Test
	void unloadsTheLeastRecentlyUsedModelAndLoadsItAgainWhenCalled() {
		ApiClient user = newUser();
		JsonNode iris = upload(user, "sklearn/iris_rf.joblib");
		JsonNode first = upload(user, "sklearn/diabetes_gbr.joblib");
		assertThat(loaded(user, iris)).isTrue();
		JsonNode second = upload(user, "sklearn/diabetes_gbr.joblib", "another diabetes model");
		assertThat(loaded(user, second)).isTrue();
		assertThat(loaded(user, iris))
			.as("least recently used, unloaded to make room: %s %s %s", runtime(user, iris), runtime(user, first),
					runtime(user, second))
			.isFalse();

		ApiClient.Response predicted = user.post(predictPath(iris),
				Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5))));
		assertThat(predicted.status()).isEqualTo(200);
		assertThat(predicted.json().get("predictions").get(0).asInt()).isEqualTo(2);
		assertThat(loaded(user, iris)).isTrue();
		assertThat(loaded(user, first)).as("now the least recently used").isFalse();
		assertThat(loaded(user, second)).isTrue();
	}

	private static JsonNode runtime(ApiClient user, JsonNode model) {
		return user.get("/api/v1/models/" + model.get("id").asString()).json().get("runtime");
	}

	private static boolean loaded(ApiClient user, JsonNode model) {
		return user.get("/api/v1/models/" + model.get("id").asString()).json().get("runtime").get("loaded").asBoolean();
	}

}
