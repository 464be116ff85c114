package io.modelhost.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each refusal is said once, beside what caused it, in plain words: an upload's problem
 * beside its field (not also in a list above), a sharing problem in the Sharing card
 * beside the share form (not in the Manage card).
 */
class MessagePagesTests extends HttpTests {

	@TempDir
	Path files;

	@Test
	void anUploadsProblemIsSaidOnceBesideItsField() throws Exception {
		PageClient pages = PageClient.signedUp(this.port, "once_" + Long.toHexString(System.nanoTime()));
		Path notes = this.files.resolve("notes.txt");
		Files.writeString(notes, "these are not a model");
		pages.get("/models/new");
		for (String field : new String[] { "name", "file" }) {
			pages.get("/models/new");
			String body = pages
				.upload("/models/new", notes, Map.of("name", field.equals("name") ? "" : "notes", "description", "x"))
				.body();
			assertThat(body).contains("id=\"upload-errors\"").contains("href=\"#" + field + "\"");
			String message = fieldError(body, field);
			assertThat(message).isNotBlank();
			assertThat(count(body, message)).as(field + ": said once").isEqualTo(1);
		}

		Path ragged = this.files.resolve("ragged.csv");
		Files.writeString(ragged, "a,b\n1,2\n3\n");
		pages.get("/datasets");
		String dataset = pages.upload("/datasets", ragged, Map.of("name", "ragged")).body();
		String message = fieldError(dataset, "file");
		assertThat(message).containsIgnoringCase("line 3");
		assertThat(count(dataset, message)).as("said once").isEqualTo(1);
	}

	@Test
	void aSharingProblemIsShownBesideTheShareForm() {
		String name = "sharer_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
		String path = "/models/" + upload(api, "sklearn/iris_rf.joblib", "shared").get("id").asString();
		pages.get(path);
		PageClient.Page refused = pages.post(path + "/shares",
				Map.of("email", name + "@example.com", "permission", "view"));
		assertThat(refused.location()).endsWith("#sharing-heading");
		String page = pages.get(path).body();
		Matcher sharing = Pattern.compile("id=\"sharing-heading\"(?s:.*?)id=\"share-form\"").matcher(page);
		assertThat(sharing.find()).isTrue();
		assertThat(sharing.group()).contains("id=\"share-error\"").contains("Not shared: you own this model");
		assertThat(page).doesNotContain("id=\"manage-error\"");
		assertThat(page).containsPattern("id=\"share-email\"[^>]*value=\"" + Pattern.quote(name) + "@example.com\"");
		assertThat(count(page, "you own this model")).isEqualTo(1);

		pages.post(path + "/shares", Map.of("email", "someone@example.com", "permission", "use"));
		Matcher shared = Pattern.compile("id=\"sharing-heading\"(?s:.*?)id=\"share-form\"")
			.matcher(pages.get(path).body());
		assertThat(shared.find()).isTrue();
		assertThat(shared.group()).contains("id=\"share-notice\"").doesNotContain("id=\"share-error\"");
	}

	private static String fieldError(String body, String field) {
		Matcher matcher = Pattern.compile("<p id=\"" + field + "-error\" class=\"field-error\">([^<]+)</p>")
			.matcher(body);
		assertThat(matcher.find()).as(field + "-error").isTrue();
		return matcher.group(1).strip();
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
