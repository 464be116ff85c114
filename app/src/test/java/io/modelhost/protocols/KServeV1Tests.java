package io.modelhost.protocols;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class KServeV1Tests extends ProtocolTests {

	private ApiClient user;

	private JsonNode iris;

	@BeforeEach
	void uploadIris() {
		this.user = newUser();
		this.iris = upload(this.user, "sklearn/iris_rf.joblib", "iris");
	}

	@Test
	void predictsWithInstancesAndWithInputs() {
		ApiClient keyed = apiKeyClient(this.user);
		ApiClient.Response instances = keyed.post("/v1/models/iris:predict",
				Map.of("instances", List.of(Map.of("x1", 6.3, "x2", 3.3, "x3", 6.0, "x4", 2.5),
						Map.of("x1", 5.1, "x2", 3.5, "x3", 1.4, "x4", 0.2))));
		ApiClient.Response inputs = keyed.post("/v1/models/" + this.iris.get("id").asString() + ":predict",
				Map.of("inputs", List.of(List.of(6.3, 3.3, 6.0, 2.5), List.of(5.1, 3.5, 1.4, 0.2))));
		assertThat(instances.status()).as(instances.toString()).isEqualTo(200);
		assertThat(inputs.status()).as(inputs.toString()).isEqualTo(200);
		assertThat(instances.json().propertyNames()).containsExactly("predictions");
		assertThat(instances.json().get("predictions").toString()).isEqualTo("[2,0]");
		assertThat(inputs.json()).isEqualTo(instances.json());
	}

	@Test
	void predictsNestedExamplesForATensorModel() {
		upload(this.user, "onnx/iris_mlp.onnx", "mlp");
		ApiClient.Response response = this.user.post("/v1/models/mlp:predict",
				Map.of("instances", List.of(List.of(-0.9, 1.0, -1.3, -1.3))));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("predictions")).hasSize(1);
		assertThat(response.json().get("predictions").get(0)).hasSize(3);
	}

	@Test
	void reportsModelsAndTheirStatus() {
		ApiClient.Response status = this.user.get("/v1/models/iris");
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().toString()).isEqualTo("{\"name\":\"iris\",\"ready\":true}");
		assertThat(this.user.get("/v1/models").json().get("models")).extracting(JsonNode::asString)
			.containsExactly("iris");
		ApiClient.Response unknown = this.user.get("/v1/models/nope");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error").asString()).isEqualTo("model 'nope' not found");
	}

	@Test
	void refusesBadInputWithAnErrorAndRecordsUsageUnderV1() {
		ApiClient.Response bad = this.user.post("/v1/models/iris:predict",
				Map.of("instances", List.of(List.of(1, 2, 3))));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("error").asString()).contains("expected 4 values").contains("(at /instances/0)");
		ApiClient.Response neither = this.user.post("/v1/models/iris:predict", Map.of("rows", List.of()));
		assertThat(neither.status()).isEqualTo(400);
		assertThat(this.user.post("/v1/models/iris:predict", Map.of("inputs", List.of(List.of(1, 2, 3, 4)))).status())
			.isEqualTo(200);
		ApiClient.Response explain = this.user.post("/v1/models/iris:explain", Map.of("instances", List.of()));
		assertThat(explain.status()).isEqualTo(501);
		assertThat(explain.json().get("error").asString()).contains("not supported");
		assertThat(anonymous().post("/v1/models/iris:predict", Map.of("inputs", List.of())).status()).isEqualTo(401);

		assertThat(usage(this.iris)).extracting((r) -> r.get("protocol") + " " + r.get("status"))
			.containsExactly("v1 400", "v1 400", "v1 200");
	}

}
