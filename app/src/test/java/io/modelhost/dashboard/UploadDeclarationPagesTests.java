package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Feature names and an input example through the upload form, without JavaScript. */
class UploadDeclarationPagesTests extends HttpTests {

	@Test
	void theUploadFormNamesFeaturesAndGivesAnExample() {
		PageClient client = PageClient.signedUp(this.port, "named_" + Long.toHexString(System.nanoTime()));
		PageClient.Page form = client.get("/models/new");
		assertThat(form.body()).contains("name=\"features\"").contains("name=\"input_example\"");

		PageClient.Page refused = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "flowers", "features", "sepal length, sepal width, petal length",
						"input_example", "{\"sepal length\": 5.1}"));
		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("The model was not uploaded")
			.contains("id=\"features-error\"")
			.contains("The model has 4 features")
			.as("the fields keep what was typed")
			.contains("value=\"sepal length, sepal width, petal length\"");
		assertThat(client.get("/models").body()).contains("No models yet");

		PageClient.Page badExample = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "flowers", "features",
						"sepal length, sepal width, petal length, petal width", "input_example",
						"{\"sepal length\": \"long\"}"));
		assertThat(badExample.body()).contains("id=\"input_example-error\"").contains("(at /sepal length)");

		PageClient.Page uploaded = client.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"),
				Map.of("name", "iris", "description", "flowers", "features",
						"sepal length, sepal width, petal length, petal width", "input_example",
						"{\"sepal length\": 6.3, \"sepal width\": 3.3, \"petal length\": 6.0, \"petal width\": 2.5}"));
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(302);
		String detail = uploaded.location().replaceFirst("^https?://[^/]+", "");
		PageClient.Page page = client.get(detail);
		assertThat(page.body()).contains("petal width").contains("6.3").doesNotContain(">x1<");
		PageClient.Page console = client.post(detail + "/console", Map.of("mode", "form", "f.sepal length", "6.3",
				"f.sepal width", "3.3", "f.petal length", "6.0", "f.petal width", "2.5"));
		assertThat(console.body()).contains("id=\"console-status\">200<").contains("&quot;predictions&quot; : [ 2 ]");
	}

}
