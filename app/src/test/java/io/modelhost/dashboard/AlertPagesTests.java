package io.modelhost.dashboard;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.monitoring.Alerts;
import io.modelhost.usage.UsageLedger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts in the browser over real HTTP: thresholds set with the monitoring page's form
 * (and refused in plain words), an alert raised by real traffic shown on the model's
 * page, the overview, the models list and the header's bell; a viewer reads the
 * thresholds but may not change them; a stranger gets 404.
 */
class AlertPagesTests extends HttpTests {

	private static final Pattern BELL = Pattern.compile("id=\"alert-bell\"[^>]*>.*?class=\"count\">(\\d+)<",
			Pattern.DOTALL);

	@Autowired
	Alerts alerts;

	@Autowired
	UsageLedger ledger;

	@Test
	void thresholdsSetWithTheFormRaiseAnAlertShownEverywhere() {
		String name = "alerted_" + Long.toHexString(System.nanoTime());
		PageClient pages = PageClient.signedUp(this.port, name);
		ApiClient api = login(name);
		JsonNode model = upload(api, "sklearn/iris_rf.joblib", "alarming");
		String id = model.get("id").asString();
		String path = "/models/" + id + "/monitoring";

		String page = pages.get(path).body();
		assertThat(page).contains("id=\"alert-rules-form\"").doesNotContain("PUT /api/v1");
		assertThat(bell(pages.get("/models").body())).isZero();

		// refused in plain words beside the form, the typed values kept, nothing set
		PageClient.Page refused = pages.post(path.replace("/monitoring", "/alert-rules"),
				Map.of("errorRatePercent", "150", "windowMinutes", "5", "p95LatencyMs", "250"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"rule-error\"")
			.contains("The error rate must be between 0 and 100 %.")
			.contains("value=\"150\"")
			.contains("value=\"250\"")
			.doesNotContain("error_rate must");
		assertThat(api.get("/api/v1/models/" + id + "/alert-rules").json().has("error_rate")).isFalse();
		pages.get(path);
		assertThat(pages.post(path.replace("/monitoring", "/alert-rules"), Map.of("errorRatePercent", "lots")).body())
			.contains("The error rate must be a number");

		pages.get(path);
		PageClient.Page saved = pages.post(path.replace("/monitoring", "/alert-rules"),
				Map.of("errorRatePercent", "50", "windowMinutes", "5", "cpuPercent", "", "memoryMb", ""));
		assertThat(saved.status()).isEqualTo(302);
		assertThat(saved.location()).endsWith(path + "#alert-rules");
		JsonNode rule = api.get("/api/v1/models/" + id + "/alert-rules").json();
		assertThat(rule.get("error_rate").asDouble()).isEqualTo(0.5);
		assertThat(rule.get("window_seconds").asLong()).isEqualTo(300);
		assertThat(rule.has("cpu_percent")).isFalse();
		page = pages.get(path).body();
		assertThat(page).contains("Alert thresholds saved").contains("id=\"rule-error-rate\"");
		assertThat(page).containsPattern("id=\"rule-error-rate\"[^>]*value=\"50\"");

		ApiClient app = apiKeyClient(api);
		for (int i = 0; i < 2; i++) {
			assertThat(app.post(predictPath(model), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)))).status())
				.isEqualTo(200);
		}
		for (int i = 0; i < 6; i++) {
			assertThat(app.post(predictPath(model), Map.of("inputs", List.of(List.of("x")))).status()).isEqualTo(400);
		}
		this.ledger.flush();
		this.alerts.evaluate();

		page = pages.get(path).body();
		assertThat(page).contains("id=\"alerts\"").contains("error rate").contains("75.0 % (above 50.0 %)");
		assertThat(bell(page)).isEqualTo(1);
		String overview = pages.get("/monitoring").body();
		assertThat(overview).contains("data-alert-model=\"" + id + "\"");
		Matcher row = Pattern.compile("data-api=\"" + id + "\".*?</tr>", Pattern.DOTALL).matcher(overview);
		assertThat(row.find()).isTrue();
		assertThat(row.group()).contains("class=\"badge failed\">1<");
		String list = pages.get("/models").body();
		assertThat(list).contains("1 open alert");
		assertThat(bell(list)).isEqualTo(1);

		// a viewer reads the thresholds and the alert, and may not change them
		String viewerName = "alertviewer_" + Long.toHexString(System.nanoTime());
		PageClient viewer = PageClient.signedUp(this.port, viewerName);
		api.post("/api/v1/models/" + id + "/shares",
				Map.of("email", viewerName + "@example.com", "permission", "view"));
		String seen = viewer.get(path).body();
		assertThat(seen).contains("id=\"alert-rules-view\"").contains("50 %").doesNotContain("id=\"alert-rules-form\"");
		assertThat(bell(viewer.get("/models").body())).isEqualTo(1);
		assertThat(viewer.post(path.replace("/monitoring", "/alert-rules"), Map.of("errorRatePercent", "90")).status())
			.isEqualTo(403);
		assertThat(api.get("/api/v1/models/" + id + "/alert-rules").json().get("error_rate").asDouble()).isEqualTo(0.5);

		PageClient stranger = PageClient.signedUp(this.port, "alertnosy_" + Long.toHexString(System.nanoTime()));
		assertThat(
				stranger.post(path.replace("/monitoring", "/alert-rules"), Map.of("errorRatePercent", "90")).status())
			.isEqualTo(404);
		assertThat(bell(stranger.get("/models").body())).isZero();
		assertThat(stranger.get("/monitoring").body()).doesNotContain(id);

		// good traffic clears it: the bell goes back to 0
		for (int i = 0; i < 30; i++) {
			app.post(predictPath(model), Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))));
		}
		this.ledger.flush();
		this.alerts.evaluate();
		assertThat(bell(pages.get("/models").body())).isZero();
		assertThat(pages.get("/models").body()).doesNotContain("alert-badge");
	}

	private ApiClient login(String name) {
		return anonymous().withToken(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "correct horse battery"))
					.json()
					.get("access_token")
					.asString());
	}

	private static int bell(String page) {
		Matcher matcher = BELL.matcher(page);
		assertThat(matcher.find()).as("the header's bell").isTrue();
		return Integer.parseInt(matcher.group(1));
	}

}
