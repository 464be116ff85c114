package io.modelhost.dashboard;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.drift.IrisRows;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift page over real HTTP: the table and the chart data of captured iris rows
 * against iris.csv, the reason when there is nothing to compare, and who may see it.
 */
class DriftPagesTests extends HttpTests {

	private static final Pattern CHART_DATA = Pattern.compile("<div id=\"chart-data\"[^>]*data-chart=\"([^\"]*)\"");

	@Test
	void showsPsiAndHistogramsOfCapturedTrafficAndWhyWhenThereIsNone() throws InterruptedException {
		String name = "drifty_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
		String id = IrisRows.uploadModel(api);
		assertThat(pages.get("/models/" + id + "/drift").body()).contains("id=\"problem\"")
			.contains("no reference dataset")
			.doesNotContain("id=\"chart-data\"");
		String dataset = api.upload("/api/v1/datasets", IrisRows.file(), null, Map.of("name", "iris"))
			.json()
			.get("id")
			.asString();
		api.put("/api/v1/models/" + id + "/reference", Map.of("dataset_id", dataset));
		api.put("/api/v1/models/" + id + "/capture", Map.of("enabled", true, "sample_rate", 1.0));
		List<double[]> rows = IrisRows.features().subList(0, 50);
		assertThat(api.post("/api/v1/models/" + id + "/predict", Map.of("inputs", rows)).status()).isEqualTo(200);
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (api.get("/api/v1/models/" + id + "/captures").json().get("total").asLong() < 50
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		String page = pages.get("/models/" + id + "/drift?period=1h").body();
		assertThat(page).contains("data-feature=\"petal length (cm)\"").contains("id=\"prediction-row\"");
		Matcher matcher = CHART_DATA.matcher(page);
		assertThat(matcher.find()).isTrue();
		JsonNode charts = JsonMapper.builder().build().readTree(HtmlUtils.htmlUnescape(matcher.group(1)));
		assertThat(charts.get("names")).hasSize(4);
		assertThat(charts.get("psi")).hasSize(4);
		// four features and the predictions, each side's shares summing to 1
		assertThat(charts.get("features")).hasSize(5);
		double sum = 0;
		for (JsonNode share : charts.get("features").get(0).get("current")) {
			sum += share.asDouble();
		}
		assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(pages.get("/js/drift.js").status()).isEqualTo(200);

		PageClient stranger = PageClient.signedUp(this.port, "nosy_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get("/models/" + id + "/drift").status()).isEqualTo(404);
	}

}
