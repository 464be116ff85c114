package io.modelhost.protocols;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A TorchScript model that returns probabilities and a label, in each protocol. */
class SeveralOutputsTests extends ProtocolTests {

	private static final List<List<Double>> ROWS = List.of(List.of(-0.9, 1.0, -1.3, -1.3), List.of(1.4, 0.3, 0.5, 0.2));

	private ApiClient user;

	private JsonNode model;

	@BeforeEach
	void uploadTwoOutputs() {
		this.user = newUser();
		this.model = upload(this.user, "torch-extra/iris_two_outputs_scripted.pt", "two");
	}

	@Test
	void describesAndReturnsEachOutputOrTheOnesAskedFor() {
		JsonNode metadata = this.user.get("/v2/models/two").json();
		assertThat(metadata.get("platform").asString()).isEqualTo("pytorch_torchscript");
		assertThat(metadata.get("outputs")).extracting((output) -> output.get("name").asString())
			.containsExactly("output_0", "output_1");
		var input = Map.of("name", "x", "shape", List.of(2, 4), "datatype", "FP32", "data", ROWS);
		JsonNode all = this.user.post("/v2/models/two/infer", Map.of("inputs", List.of(input))).json();
		assertThat(all.get("outputs")).extracting((output) -> output.get("datatype").asString())
			.containsExactly("FP32", "INT64");
		assertThat(all.get("outputs").get(1).get("data").toString()).isEqualTo("[0,1]");
		JsonNode labels = this.user
			.post("/v2/models/two/infer",
					Map.of("inputs", List.of(input), "outputs", List.of(Map.of("name", "output_1"))))
			.json();
		assertThat(labels.get("outputs")).hasSize(1);
		assertThat(labels.get("outputs").get(0)).isEqualTo(all.get("outputs").get(1));
	}

	@Test
	void answersKServeWithOneObjectPerInstance() {
		JsonNode predictions = this.user.post("/v1/models/two:predict", Map.of("instances", ROWS))
			.json()
			.get("predictions");
		assertThat(predictions).hasSize(2);
		assertThat(predictions.get(1).propertyNames()).containsExactly("output_0", "output_1");
		assertThat(predictions.get(1).get("output_0")).hasSize(3);
		assertThat(predictions.get(1).get("output_1").asInt()).isEqualTo(1);
	}

	@Test
	void answersMlflowWithTheOutputsByName() {
		JsonNode predictions = this.user
			.post("/api/v1/models/" + this.model.get("id").asString() + "/invocations", Map.of("inputs", ROWS))
			.json()
			.get("predictions");
		assertThat(predictions.propertyNames()).containsExactly("output_0", "output_1");
		assertThat(predictions.get("output_1").toString()).isEqualTo("[0,1]");
	}

}
