package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.serving.DigitPictures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test console of tensor models over real HTTP: prefilled with an example of the
 * input's shape that the model takes as it is, and answering with the most likely classes
 * (labelled when the model declares labels) rather than a bare vector; a body that is not
 * JSON is explained without the parser's internals.
 */
class TensorConsolePagesTests extends HttpTests {

	private static final Pattern PREFILL = Pattern.compile("<textarea id=\"console-raw\"[^>]*>([^<]*)</textarea>");

	private static final Pattern RANKED = Pattern
		.compile("data-rank=\"(\\d)\">\\s*<td>([^<]+)</td>\\s*<td><meter[^>]*>[^<]*</meter>\\s*<span>([^<]+)</span>");

	@Test
	void aCnnsConsoleIsPrefilledWithItsShapeAndAnswersItsTopClasses() {
		String name = "tensor_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String id = upload(api, DigitPictures.MODEL, "digits").get("id").asString();
		String path = "/models/" + id;

		String page = pages.get(path).body();
		assertThat(page).contains("id=\"console-shape\"").contains("FP32 [-1,1,8,8]");
		String prefill = HtmlUtils.htmlUnescape(prefill(page));
		// 8 rows of 8 on a line each, not 64 lines
		assertThat(
				prefill.lines().filter((line) -> line.strip().startsWith("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")))
			.hasSize(8);
		assertThat(prefill.lines().count()).isLessThan(30);
		JsonNode shaped = JsonMapper.builder().build().readTree(prefill);
		assertThat(shaped.get("inputs").get(0).get(0)).hasSize(8);

		// the prefill as it stands is accepted
		PageClient.Page asIs = pages.post(path + "/console", Map.of("mode", "json", "raw", prefill));
		assertThat(asIs.body()).contains("id=\"console-status\">200<").contains("class=\"console-top\"");

		// a real digit: its top five with probabilities, best first, as the reference
		// says
		JsonNode reference = Fixtures.reference(DigitPictures.MODEL);
		int example = 2;
		List<Integer> expected = ranked(reference.get("outputs").get(example));
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.putArray("inputs").add(reference.get("inputs").get(example));
		pages.get(path);
		String answered = pages.post(path + "/console", Map.of("mode", "json", "raw", body.toString())).body();
		List<String[]> top = top(answered);
		assertThat(top).hasSize(5);
		for (int rank = 0; rank < 5; rank++) {
			assertThat(top.get(rank)[0]).isEqualTo(Integer.toString(expected.get(rank)));
		}
		assertThat(top.get(0)[1]).isEqualTo(String.format(Locale.ROOT, "%.1f %%",
				100 * reference.get("outputs").get(example).get(expected.get(0)).asDouble()));
		assertThat(answered).contains("The whole response").doesNotContain("their softmax");

		// with labels declared, the classes are named
		ApiClient.Response labelled = api.upload("/api/v1/models", Fixtures.model(DigitPictures.MODEL), null,
				Map.of("name", "digits named", "description", "digits", "image_input", DigitPictures.IMAGE_INPUT));
		assertThat(labelled.status()).isEqualTo(201);
		String labelledPath = "/models/" + labelled.json().get("id").asString();
		pages.get(labelledPath);
		List<String[]> named = top(
				pages.post(labelledPath + "/console", Map.of("mode", "json", "raw", body.toString())).body());
		assertThat(named.get(0)[0]).isEqualTo(DigitPictures.LABELS.get(expected.get(0)));
		assertThat(named.get(1)[0]).isEqualTo(DigitPictures.LABELS.get(expected.get(1)));

		// not JSON: where, in plain words
		pages.get(path);
		String bad = pages.post(path + "/console", Map.of("mode", "json", "raw", "{\"inputs\": [[1, 2,]]")).body();
		assertThat(bad).contains("id=\"console-status\">400<")
			.contains("This is not valid JSON.")
			.contains("line 1, column")
			.doesNotContain("Unexpected character")
			.doesNotContain("(code ")
			.doesNotContain("JSON String, Number");
	}

	@Test
	void anMlpsConsoleShowsEveryExamplesTopClasses() {
		String name = "mlp_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String path = "/models/" + upload(api, "onnx/iris_mlp.onnx", "iris mlp").get("id").asString();
		assertThat(pages.get(path).body()).contains("id=\"console-shape\"");

		JsonNode reference = Fixtures.reference("onnx/iris_mlp.onnx");
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		var inputs = body.putArray("inputs");
		int last = reference.get("inputs").size() - 1;
		inputs.add(reference.get("inputs").get(0));
		inputs.add(reference.get("inputs").get(last));
		String answered = pages.post(path + "/console", Map.of("mode", "json", "raw", body.toString())).body();
		assertThat(answered).contains("data-example=\"1\"").contains("data-example=\"2\"");
		Matcher second = Pattern.compile("data-example=\"2\"(?s:.*?)</table>").matcher(answered);
		assertThat(second.find()).isTrue();
		List<String[]> top = top(second.group());
		assertThat(top).hasSize(3);
		assertThat(top.get(0)[0]).isEqualTo(Integer.toString(ranked(reference.get("outputs").get(last)).get(0)));
	}

	private ApiClient login(String name) {
		return anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
	}

	private static String prefill(String page) {
		Matcher matcher = PREFILL.matcher(page);
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	/** Class indices, most likely first. */
	private static List<Integer> ranked(JsonNode probabilities) {
		var indices = new ArrayList<Integer>();
		for (int i = 0; i < probabilities.size(); i++) {
			indices.add(i);
		}
		indices.sort(Comparator.comparingDouble((Integer i) -> probabilities.get(i).asDouble()).reversed());
		return indices;
	}

	/** The first table's classes and percentages, by rank. */
	private static List<String[]> top(String html) {
		var found = new ArrayList<String[]>();
		Matcher matcher = RANKED.matcher(html);
		while (matcher.find()) {
			if (matcher.group(1).equals("1") && !found.isEmpty()) {
				break;
			}
			found.add(new String[] { matcher.group(2), matcher.group(3) });
		}
		return found;
	}

}
