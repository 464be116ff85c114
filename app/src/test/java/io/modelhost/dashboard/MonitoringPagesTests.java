package io.modelhost.dashboard;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring pages over real HTTP: the figures and chart data match the requests
 * sent, and only those who may see a model see its monitoring.
 */
class MonitoringPagesTests extends HttpTests {

	/** The chart's JSON, HTML-escaped in a data attribute (no inline script). */
	private static final Pattern CHART_DATA = Pattern.compile("<div id=\"chart-data\"[^>]*data-chart=\"([^\"]*)\"");

	@Test
	void showsWhatWasSentInTheTableTheFiguresAndTheCharts() throws InterruptedException {
		String name = "watch_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "watched");
		ApiClient app = apiKeyClient(api);
		for (int i = 0; i < 3; i++) {
			assertThat(app.post(predictPath(model), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)))).status())
				.isEqualTo(200);
		}
		assertThat(app.post(predictPath(model), Map.of("inputs", List.of(List.of("x")))).status()).isEqualTo(400);
		String id = model.get("id").asString();

		String row = awaitRow(pages, id, 4);
		// the models list counts them too, and filters and sorts
		assertThat(pages.get("/models?sort=requests").body())
			.containsPattern("data-model=\"" + id + "\"(?s:.*?)class=\"requests\">4<");
		assertThat(pages.get("/models?q=watch").body()).contains("data-model=\"" + id + "\"");
		assertThat(pages.get("/models?q=nothing-like-it").body()).contains("id=\"no-match\"");
		assertThat(pages.get("/models?status=inactive").body()).doesNotContain("data-model=\"" + id + "\"");
		assertThat(pages.get("/models?format=onnx").body()).doesNotContain("data-model=\"" + id + "\"");
		assertThat(row).contains("75.0 %");

		String page = pages.get("/models/" + id + "/monitoring?period=1h").body();
		assertThat(page).contains("id=\"total\">4<").contains("id=\"success-rate\">75.0 %<").contains("invalid-input");
		Matcher matcher = CHART_DATA.matcher(page);
		assertThat(matcher.find()).isTrue();
		JsonNode charts = JsonMapper.builder().build().readTree(HtmlUtils.htmlUnescape(matcher.group(1)));
		assertThat(sum(charts.get("success"))).isEqualTo(3);
		assertThat(charts.get("memoryUnit").asString()).as("the memory chart's unit fits its values")
			.isIn("B", "KB", "MB", "GB", "TB");
		assertThat(page).doesNotContain(" / 0 MB").doesNotContain("Memory MB");
		assertThat(sum(charts.get("clientError"))).isEqualTo(1);
		assertThat(sum(charts.get("histogram"))).isEqualTo(4);
		assertThat(pages.get("/models/" + id + "/monitoring?period=30d").body()).contains("id=\"total\">4<");
		assertThat(pages.get("/webjars/chart.js/dist/chart.umd.min.js").status()).isEqualTo(200);

		PageClient stranger = PageClient.signedUp(this.port, "nosy_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get("/models/" + id + "/monitoring").status()).isEqualTo(404);
		assertThat(stranger.get("/monitoring").body()).doesNotContain(id);
	}

	@Test
	void countsTheTestConsolesCallsAsUsage() throws InterruptedException {
		String name = "console_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
		String id = upload(api, "sklearn/iris_rf.joblib", "consoled").get("id").asString();
		pages.get("/models/" + id);
		assertThat(pages
			.post("/models/" + id + "/console", Map.of("mode", "json", "raw", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}"))
			.status()).isEqualTo(200);
		pages.get("/models/" + id);
		assertThat(pages.post("/models/" + id + "/console", Map.of("mode", "json", "raw", "{\"inputs\": [[\"x\"]]}"))
			.body()).contains("The input does not fit the model");

		JsonNode stats = null;
		for (int i = 0; i < 50; i++) {
			stats = api.get("/api/v1/models/" + id + "/stats").json();
			if (stats.get("total_requests").asLong() == 2) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(stats.get("total_requests").asLong()).as(stats.toString()).isEqualTo(2);
		JsonNode error = api.get("/api/v1/models/" + id + "/stats/errors").json().get(0);
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("protocol").asString()).isEqualTo("dashboard");
		assertThat(error.get("type").asString()).endsWith("invalid-input");
	}

	/**
	 * The overview's row of the model once it counts this many requests (usage is written
	 * in batches).
	 */
	private static String awaitRow(PageClient pages, String id, long total) throws InterruptedException {
		Pattern rowPattern = Pattern.compile("data-api=\"" + id + "\".*?</tr>", Pattern.DOTALL);
		for (int attempt = 0;; attempt++) {
			Matcher matcher = rowPattern.matcher(pages.get("/monitoring").body());
			assertThat(matcher.find()).isTrue();
			String row = matcher.group();
			if (row.contains("class=\"total\">" + total + "<") || attempt == 50) {
				assertThat(row).contains("class=\"total\">" + total + "<").contains("class=\"last24h\">" + total + "<");
				return row;
			}
			Thread.sleep(100);
		}
	}

	private static long sum(JsonNode values) {
		long sum = 0;
		for (JsonNode value : values) {
			sum += value.asLong();
		}
		return sum;
	}

}
