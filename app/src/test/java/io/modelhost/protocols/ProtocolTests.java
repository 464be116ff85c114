package io.modelhost.protocols;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.usage.UsageLedger;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the protocol tests share: named uploads, usage records, tolerant comparison. */
abstract class ProtocolTests extends HttpTests {

	@Autowired
	UsageLedger ledger;

	@Autowired
	JdbcClient jdbc;

	/** Uploads a fixture model under a name of the test's choosing. */
	protected JsonNode upload(ApiClient client, String fixture, String name) {
		ApiClient.Response response = client.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", name, "description", "fixture " + fixture));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	/** The usage records of a model, oldest first, after flushing the ledger. */
	protected List<Map<String, Object>> usage(JsonNode model) {
		this.ledger.flush();
		return this.jdbc.sql("SELECT * FROM usage_record WHERE model_id = :id ORDER BY created_at")
			.param("id", model.get("id").asString())
			.query()
			.listOfRows();
	}

	/**
	 * Asserts that two arrays hold the same numbers in row-major order, flat or nested.
	 */
	protected static void assertClose(JsonNode actual, JsonNode expected, double tolerance) {
		List<JsonNode> actualElements = flatten(actual);
		List<JsonNode> expectedElements = flatten(expected);
		assertThat(actualElements).hasSameSizeAs(expectedElements);
		for (int i = 0; i < expectedElements.size(); i++) {
			assertThat(actualElements.get(i).asDouble()).as("element %d", i)
				.isCloseTo(expectedElements.get(i).asDouble(), within(tolerance));
		}
	}

	/** Every element of nested arrays, in row-major order. */
	protected static List<JsonNode> flatten(JsonNode node) {
		var elements = new java.util.ArrayList<JsonNode>();
		if (node.isArray()) {
			node.forEach((child) -> elements.addAll(flatten(child)));
		}
		else {
			elements.add(node);
		}
		return elements;
	}

}
