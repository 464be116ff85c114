package io.modelhost.cli;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PredictCommandTests {

	private static final JsonNode IRIS_INPUTS = Json.MAPPER.readTree("""
			[{"position": 0, "name": "sepal length", "type": "number"},
			 {"position": 1, "name": "petal width", "type": "number"}]""");

	@Test
	void sendsRowsByNameLeavingOutColumnsTheModelDoesNotTake() {
		Csv.Table table = new Csv.Table(List.of("petal width", "species", "sepal length"),
				List.of(List.of("0.2", "setosa", "5.1"), List.of("", "virginica", "6.3")));
		assertThat(json(PredictCommand.rowsBody(table, IRIS_INPUTS))).isEqualTo(
				"{\"instances\":[{\"petal width\":0.2,\"sepal length\":5.1},{\"petal width\":null,\"sepal length\":6.3}]}");
	}

	@Test
	void sendsRowsInOrderWhenTheHeaderNamesOtherFeaturesButAsMany() {
		Csv.Table table = new Csv.Table(List.of("a", "b"), List.of(List.of("5.1", "0.2")));
		assertThat(json(PredictCommand.rowsBody(table, IRIS_INPUTS))).isEqualTo("{\"inputs\":[[5.1,0.2]]}");
	}

	@Test
	void sendsTheHeadersNamesWhenTheModelDocumentsNoFeatures() {
		Csv.Table table = new Csv.Table(List.of("x", "flag", "word"), List.of(List.of("1e3", "TRUE", "abc")));
		assertThat(json(
				PredictCommand.rowsBody(table, Json.MAPPER.readTree("[{\"name\": \"input\", \"shape\": [-1, 3]}]"))))
			.isEqualTo("{\"instances\":[{\"x\":1E+3,\"flag\":true,\"word\":\"abc\"}]}");
	}

	private static String json(JsonNode node) {
		return Json.MAPPER.writeValueAsString(node);
	}

	@Test
	void typesCellsAsTheFeatureIsTyped() {
		assertThat(PredictCommand.value("007", "string").asString()).isEqualTo("007");
		assertThat(PredictCommand.value(" 7 ", "integer").isNumber()).isTrue();
		assertThat(PredictCommand.value("abc", "number").asString()).isEqualTo("abc");
		assertThat(PredictCommand.value("false", "boolean").isBoolean()).isTrue();
		assertThat(PredictCommand.value("  ", "number").isNull()).isTrue();
	}

	@Test
	void writesTheFilesColumnsThenPredictionAndProbabilities() {
		Csv.Table table = new Csv.Table(List.of("sepal length", "note"),
				List.of(List.of("5.1", "first, row"), List.of("6.3")));
		JsonNode answer = Json.MAPPER.readTree("""
				{"predictions": ["setosa", "virginica"], "probabilities": [[0.9, 0.1], [0.2, 0.8]],
				 "classes": ["setosa", "virginica"]}""");
		assertThat(PredictCommand.predictionsCsv(table, answer).lines()).containsExactly(
				"sepal length,note,prediction,probability_setosa,probability_virginica",
				"5.1,\"first, row\",setosa,0.9,0.1", "6.3,,virginica,0.2,0.8");
	}

	@Test
	void writesOnlyThePredictionOfARegressor() {
		Csv.Table table = new Csv.Table(List.of("x"), List.of(List.of("1")));
		assertThat(PredictCommand.predictionsCsv(table, Json.MAPPER.readTree("{\"predictions\": [151.5]}")).lines())
			.containsExactly("x,prediction", "1,151.5");
	}

}
