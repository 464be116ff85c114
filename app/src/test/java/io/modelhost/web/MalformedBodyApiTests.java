package io.modelhost.web;

import java.util.List;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON bodies of management endpoints that cannot be read: each 400 names the field with
 * a pointer, in this API's words, never the parser's.
 */
class MalformedBodyApiTests extends HttpTests {

	private static final String KEYS = "/api/v1/api-keys";

	@Test
	void pointsAtAnUnknownField() {
		ApiClient.Response response = newUser().post(KEYS, "{\"name\": \"ci\", \"scope\": \"all\"}");
		assertMalformed(response, "/scope");
		assertThat(response.json().get("detail").asString()).isEqualTo("Unknown field 'scope' at /scope.");
	}

	@Test
	void pointsAtAValueOfTheWrongFormatOrKind() {
		ApiClient user = newUser();
		ApiClient.Response date = user.post(KEYS, "{\"name\": \"ci\", \"expires_at\": \"next tuesday\"}");
		assertMalformed(date, "/expires_at");
		assertThat(date.json().get("errors").get(0).get("detail").asString())
			.isEqualTo("'next tuesday' is not a date and time (ISO 8601, e.g. 2026-01-31T12:00:00Z)");
		assertMalformed(user.post(KEYS, "{\"name\": \"ci\", \"requests_per_minute\": \"many\"}"),
				"/requests_per_minute");
		assertMalformed(user.post(KEYS, "{\"name\": \"ci\", \"model_ids\": [\"a\", {\"b\": 1}]}"), "/model_ids/1");
		assertMalformed(user.post(KEYS, "{\"name\": {\"first\": \"ci\"}}"), "/name");
	}

	@Test
	void pointsAtADuplicateKey() {
		ApiClient.Response response = newUser().post(KEYS, "{\"name\": \"ci\", \"name\": \"cd\"}");
		assertMalformed(response, "/name");
		assertThat(response.json().get("errors").get(0).get("detail").asString()).isEqualTo("duplicate key 'name'");
	}

	@Test
	void describesBrokenAndOversizedBodiesWithoutLibraryText() {
		ApiClient user = newUser();
		String digits = "9".repeat(1500);
		for (String body : List.of("{\"name\": \"ci\", \"requests_per_minute\": " + digits + "}",
				"{\"name\": \"ci\", \"model_ids\": " + "[".repeat(3000) + "]".repeat(3000) + "}",
				"{\"" + "k".repeat(60_000) + "\": 1}", "{\"name\": \"ci\",", "{\"name\" \"ci\"}", "")) {
			ApiClient.Response response = user.post(KEYS, body);
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.json().get("type").asString()).endsWith("/malformed-body");
			assertThat(response.json().get("errors")).isNotEmpty();
			assertNoLibraryText(response.json());
		}
		assertThat(user.post(KEYS, "{\"name\": \"ci\", \"requests_per_minute\": " + digits + "}")
			.json()
			.get("detail")
			.asString()).contains("too many digits");
	}

	private static void assertMalformed(ApiClient.Response response, String pointer) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("type").asString()).endsWith("/malformed-body");
		assertThat(response.json().get("errors")).extracting((e) -> e.get("pointer").asString())
			.containsExactly(pointer);
		assertNoLibraryText(response.json());
	}

	/** No Java class or package name, no parser setting, no source excerpt. */
	static void assertNoLibraryText(JsonNode problem) {
		assertThat(problem.toString()).doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.[a-zA-Z.]*[A-Z]\\w+")
			.doesNotContain("Jackson")
			.doesNotContain("Constraints")
			.doesNotContain("REDACTED")
			.doesNotContain("Source:")
			.doesNotContain("`")
			.doesNotContain("Exception")
			.doesNotContain("java.");
	}

}
