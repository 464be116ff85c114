package io.modelhost.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.usage.UsageLedger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's monitoring page over real HTTP: the period's wording, requests per second and
 * p95/p99 over time in the chart data, a custom range typed in, and the audit log as a
 * page for the model's owner (and administrators), not for others.
 */
class MonitoringRangePagesTests extends HttpTests {

	private static final Pattern CHART_DATA = Pattern.compile("<div id=\"chart-data\"[^>]*data-chart=\"([^\"]*)\"");

	private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
		.withZone(ZoneOffset.UTC);

	@Autowired
	UsageLedger ledger;

	@Test
	void periodsAreWordedOnceRatesAndPercentilesAreChartedAndACustomRangeIsShown() {
		String name = "ranged_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "ranged");
		String path = "/models/" + model.get("id").asString() + "/monitoring";
		ApiClient app = apiKeyClient(api);
		for (int i = 0; i < 3; i++) {
			app.post(predictPath(model), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))));
		}
		app.post(predictPath(model), Map.of("inputs", List.of(List.of("x"))));
		this.ledger.flush();

		String day = pages.get(path).body();
		assertThat(day).contains("In the last 24 hours").doesNotContain("In 24h").doesNotContain("Last 24 h");
		assertThat(count(day, "In the last 24 hours")).as("said once").isEqualTo(1);
		assertThat(day).contains("id=\"period-count\">4<");

		String hour = pages.get(path + "?period=1h").body();
		assertThat(hour).contains("In the last hour").contains("id=\"last24h\">4<").contains("id=\"period-count\">4<");
		JsonNode charts = charts(hour);
		assertThat(charts.get("bucket").asString()).isEqualTo("minute");
		double perSecond = 0;
		for (JsonNode value : charts.get("perSecond")) {
			perSecond += value.asDouble();
		}
		assertThat(perSecond * 60).as("4 requests over minute buckets")
			.isCloseTo(4, org.assertj.core.data.Offset.offset(0.01));
		assertThat(charts.get("p95")).hasSameSizeAs(charts.get("percentileLabels")).hasSizeLessThanOrEqualTo(24);
		JsonNode p95 = null;
		JsonNode p99 = null;
		for (int i = 0; i < charts.get("p95").size(); i++) {
			if (!charts.get("p95").get(i).isNull()) {
				p95 = charts.get("p95").get(i);
				p99 = charts.get("p99").get(i);
			}
		}
		assertThat(p95).as("a segment with the requests has percentiles").isNotNull();
		assertThat(p99.asDouble()).isGreaterThanOrEqualTo(p95.asDouble()).isPositive();
		assertThat(hour).contains("id=\"chart-rate\"").contains("id=\"chart-percentiles\"");

		// a custom range around now: the same four; one in the past: none
		Instant now = Instant.now();
		String from = INPUT.format(now.minus(2, ChronoUnit.HOURS));
		String to = INPUT.format(now.plus(2, ChronoUnit.MINUTES));
		String custom = pages.get(path + "?from=" + from + "&to=" + to).body();
		assertThat(custom).contains("id=\"period-count\">4<")
			.contains("In from ")
			.contains("value=\"" + from + "\"")
			.contains("value=\"" + to + "\"")
			.contains("hx-get=\"/models/" + model.get("id").asString() + "/monitoring?from=" + from + "&amp;to=" + to);
		String past = pages
			.get(path + "?from=" + INPUT.format(now.minus(3, ChronoUnit.DAYS)) + "&to="
					+ INPUT.format(now.minus(2, ChronoUnit.DAYS)))
			.body();
		assertThat(past).contains("id=\"period-count\">0<").contains("id=\"last24h\">4<");

		// a range the page cannot read: said in words, the last 24 hours shown instead
		String backwards = pages.get(path + "?from=" + to + "&to=" + from).body();
		assertThat(backwards).contains("id=\"range-error\"")
			.contains("the start must be before the end")
			.contains("id=\"period-count\">4<");
		assertThat(pages.get(path + "?from=yesterday").body()).contains("is not a date and time such as");
		assertThat(pages.get(path + "?from=2000-01-01T00:00").body()).contains("at most 400 days long");
	}

	@Test
	void theAuditLogPageShowsOwnActionsToTheOwnerAndEverythingToAdministrators() {
		String name = "audited_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		String id = upload(api, "sklearn/iris_rf.joblib", "audited").get("id").asString();
		api.post("/api/v1/api-keys", Map.of("name", "audited key"));

		String own = pages.get("/audit").body();
		assertThat(own).contains("data-action=\"model.create\"")
			.contains("data-action=\"api_key.create\"")
			.contains("name: audited key")
			.contains(">" + name + "<")
			.contains("href=\"/models/" + id + "\"")
			.doesNotContain("id=\"audit-user\"");
		String keysOnly = pages.get("/audit?action=api_key.").body();
		assertThat(keysOnly).contains("data-action=\"api_key.create\"").doesNotContain("data-action=\"model.create\"");
		String ofModel = pages.get("/audit?target=" + id).body();
		assertThat(ofModel).contains("data-action=\"model.create\"").doesNotContain("data-action=\"api_key.create\"");
		assertThat(pages.get("/models/" + id + "/monitoring").body()).contains("href=\"/audit?target=" + id + "\"");

		PageClient.Page bad = pages.get("/audit?since=soon");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("id=\"audit-error\"").contains("not a date and time");
		assertThat(pages.get("/audit?user=00000000-0000-0000-0000-000000000000").status()).as("admins only")
			.isEqualTo(400);

		PageClient stranger = PageClient.signedUp(this.port, "unaudited_" + Long.toHexString(System.nanoTime()));
		assertThat(stranger.get("/audit?target=" + id).body()).contains("id=\"audit-empty\"")
			.doesNotContain("data-action=");

		String userId = api.get("/api/v1/auth/me").json().get("id").asString();
		PageClient admin = new PageClient(this.port);
		admin.get("/login");
		admin.post("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));
		String all = admin.get("/audit?user=" + userId).body();
		assertThat(all).contains("id=\"audit-user\"").contains("data-action=\"model.create\"");
		assertThat(new PageClient(this.port).get("/audit").location()).endsWith("/login");
	}

	private ApiClient login(String name) {
		return anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
	}

	private static JsonNode charts(String page) {
		Matcher matcher = CHART_DATA.matcher(page);
		assertThat(matcher.find()).isTrue();
		return JsonMapper.builder().build().readTree(HtmlUtils.htmlUnescape(matcher.group(1)));
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
