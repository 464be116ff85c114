package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading under the name of an existing model, in the dashboard: the form says the file
 * becomes that model's next version, checks it against the endpoint before anything goes
 * live (storing nothing), and keeps the description as the version's note.
 */
class UploadVersionPagesTests extends HttpTests {

	@Test
	void theFormSaysANameIsTakenChecksTheFileAndKeepsTheDescriptionAsTheVersionsNote() {
		String username = "versions_" + Long.toHexString(System.nanoTime());
		PageClient client = PageClient.signedUp(this.port, username);
		PageClient.Page first = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "the forest"));
		assertThat(first.status()).as(first.body()).isEqualTo(302);
		String modelPath = first.location().replaceFirst("^https?://[^/]+", "");

		// the name note, as htmx asks for it while the name is typed
		assertThat(client.get("/models/new/name?name=iris").body()).contains("id=\"existing-model\"")
			.contains("becomes its version")
			.contains("<strong>2</strong>");
		assertThat(client.get("/models/new/name?name=tulip").body()).doesNotContain("id=\"existing-model\"");

		// a regressor checked against the classifier: not compatible, nothing stored
		PageClient.Page incompatible = client.upload("/models/new/check", Fixtures.model("sklearn/diabetes_gbr.joblib"),
				Map.of("mode", "check", "name", "iris", "description", "a regressor"));
		assertThat(incompatible.status()).isEqualTo(200);
		assertThat(incompatible.body()).contains("id=\"verdict\"")
			.contains("Not compatible with version 1")
			.contains("the task changes from classification to regression")
			.contains("Nothing was stored");
		// without JavaScript the upload form's own action takes the check button too
		PageClient.Page compatible = client.upload("/models/new", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"),
				Map.of("mode", "check", "name", "iris", "description", "a logistic regression"));
		assertThat(compatible.body()).contains("Compatible with version 1: uploading it moves the endpoint to it");
		assertThat(client.get(modelPath).body()).doesNotContain("a logistic regression");

		// uploaded: version 2, its note the description typed with it
		PageClient.Page second = client.upload("/models/new", Fixtures.model("sklearn/iris_logreg_pipeline.pkl"),
				Map.of("name", "iris", "description", "a logistic regression"));
		assertThat(second.status()).as(second.body()).isEqualTo(302);
		PageClient.Page model = client.get(modelPath);
		assertThat(model.body()).contains("Uploaded as version 2 of iris").contains("a logistic regression");
	}

}
