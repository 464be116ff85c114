package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.datasets.DigitZips;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.monitoring.Alerts;
import io.modelhost.usage.UsageLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's first journey in a real browser (Playwright driving Debian's chromium):
 * sign up, upload, see the endpoint, test it in the console, export it as an API, call it
 * with the key, deactivate, delete. Writes a screenshot of each main page to
 * {@code target/screenshots/}.
 *
 * Needs {@code /usr/bin/chromium}: skipped without it, unless
 * {@code MODELHOST_REQUIRE_SERVICES=1} (CI sets it after installing chromium) turns the
 * absence into a failure.
 */
class DashboardJourneyTests extends HttpTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<Double> ROW = List.of(5.9, 3.0, 5.1, 1.8);

	@Autowired
	Alerts alerts;

	@Autowired
	UsageLedger ledger;

	private static Playwright playwright;

	private static Browser browser;

	private BrowserContext context;

	private Page page;

	/** What the browser refused under the Content-Security-Policy, as it said it. */
	private final List<String> refused = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void launchBrowser() throws IOException {
		boolean present = Files.isExecutable(CHROMIUM);
		if (!present && "1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"))) {
			throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
		}
		Assumptions.assumeTrue(present, CHROMIUM + " is missing");
		Files.createDirectories(SCREENSHOTS);
		// never download a browser: the one Debian installed is the one we drive
		playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--disable-sync", "--no-first-run")));
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	@BeforeEach
	void openPage() {
		this.context = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + this.port)
			.setViewportSize(1280, 900)
			.setPermissions(List.of("clipboard-read", "clipboard-write")));
		this.page = this.context.newPage();
		this.page.setDefaultTimeout(30_000);
		this.page.onConsoleMessage((message) -> {
			if (message.text().contains("Content Security Policy")) {
				this.refused.add(message.page().url() + ": " + message.text());
			}
		});
	}

	@AfterEach
	void closePage() {
		this.context.close();
		// every page of a journey ran under the policy without a script or style refused
		assertThat(this.refused).isEmpty();
	}

	@Test
	void swaggerUiLoadsTheApiUnderItsPolicy() {
		this.page.navigate("/swagger-ui.html");
		this.page.locator(".opblock").first().waitFor();
		assertThat(this.page.locator(".opblock").count()).isGreaterThan(10);
		assertThat(this.page.locator(".information-container").textContent()).contains("Modelhost");
		screenshot("14-swagger-ui", false);
	}

	@Test
	void signUpUploadTestExportDeactivateAndDelete() {
		String username = "journey_" + Long.toHexString(System.nanoTime());
		String password = "correct horse battery";

		// sign up: a new user sees the empty state
		this.page.navigate("/signup");
		this.page.getByLabel("Username").fill(username);
		this.page.getByLabel("Email").fill(username + "@example.com");
		this.page.locator("#password").fill(password);
		this.page
			.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
					new Page.GetByRoleOptions().setName("Create account"))
			.click();
		this.page.waitForURL("**/models");
		assertThat(this.page.locator("main").textContent()).contains("No models yet");
		screenshot("01-models-empty");
		fits("the empty models list");

		// upload
		this.page.locator("a.button.primary", new Page.LocatorOptions().setHasText("Upload your first model")).click();
		this.page.waitForURL("**/models/new");
		this.page.setInputFiles("#file", Fixtures.model("sklearn/iris_rf.joblib"));
		this.page.locator("#name").fill("iris");
		this.page.locator("#description").fill("Iris species from sepal and petal sizes (random forest)");
		screenshot("02-upload");
		fits("the upload form");
		Request upload = this.page.waitForRequest("**/models/new",
				() -> this.page.locator("#upload-form button[type=submit]").click());
		assertThat(upload.headers()).as("sent by htmx, with the progress bar").containsEntry("hx-request", "true");
		this.page.waitForURL(Pattern.compile(".*/models/[0-9a-f-]{36}$"));
		String modelId = this.page.url().substring(this.page.url().lastIndexOf('/') + 1);

		// the endpoint URL
		String endpoint = this.page.locator("#endpoint-url").textContent().strip();
		assertThat(endpoint).endsWith("/api/v1/models/" + modelId + "/predict");
		assertThat(this.page.locator("#model-status").textContent()).isEqualTo("active");

		// the test console answers like the JSON API for the same row
		for (int i = 0; i < ROW.size(); i++) {
			this.page.locator("#f-" + i).fill(ROW.get(i).toString());
		}
		this.page.getByText("Predict with these values").click();
		this.page.locator("#console-status").waitFor();
		assertThat(this.page.locator("#console-status").textContent()).isEqualTo("200");
		assertThat(this.page.locator("#console-latency").textContent()).endsWith("ms");
		JsonNode console = JSON.readTree(this.page.locator("#console-body").textContent());
		this.page.locator("#console-heading").scrollIntoViewIfNeeded();
		screenshot("03-model-detail");
		fits("a tabular model's page");
		ApiClient api = apiLogin(username, password);
		ApiClient.Response viaApi = api.post("/api/v1/models/" + modelId + "/predict", Map.of("inputs", List.of(ROW)));
		assertThat(viaApi.status()).as(viaApi.toString()).isEqualTo(200);
		assertThat(console.get("predictions")).isEqualTo(viaApi.json().get("predictions"));
		assertThat(console.get("probabilities")).isEqualTo(viaApi.json().get("probabilities"));

		// export as API: a key shown once, scoped to this model
		this.page.locator("#export-button").click();
		this.page.locator("#export-dialog[open]").waitFor();
		String key = this.page.locator("#export-key").textContent().strip();
		assertThat(key).startsWith("mh_");
		assertThat(this.page.locator("#export-dialog").textContent()).contains("shown this once");
		screenshot("04-export-as-api", false);
		ApiClient withKey = anonymous().withApiKey(key);
		ApiClient.Response called = withKey.post(predictPath(modelId), Map.of("inputs", List.of(ROW)));
		assertThat(called.status()).as(called.toString()).isEqualTo(200);
		assertThat(called.json().get("predictions")).isEqualTo(viaApi.json().get("predictions"));
		this.page.getByText("Close").click();

		// the monitoring page shows the requests (usage is written within 200 ms)
		this.page.navigate("/models/" + modelId + "/monitoring");
		for (int attempt = 0; attempt < 20
				&& "0".equals(this.page.locator("#total").textContent().strip()); attempt++) {
			this.page.waitForTimeout(200);
			this.page.reload();
		}
		assertThat(Long.parseLong(this.page.locator("#total").textContent().strip())).isPositive();
		assertThat(this.page.locator("#chart-requests").isVisible()).isTrue();
		// the charts' JSON, read from a data attribute, parsed and drawn
		this.page.waitForFunction("() => typeof Chart !== 'undefined'"
				+ " && Chart.getChart(document.getElementById('chart-requests'))?.data.labels.length > 0");
		screenshot("05-monitoring");
		fits("a model's monitoring");

		// the models list shows it with its status, format and version
		this.page.locator("nav").getByText("Models").click();
		this.page.waitForURL("**/models");
		assertThat(this.page.locator("table.models").textContent()).contains("iris").contains("active");
		screenshot("05-models-list");
		fits("the models list");
		this.page.setViewportSize(390, 844);
		screenshot("05-models-list-phone");
		this.page.setViewportSize(1280, 900);
		this.page.locator("table.models a", new Page.LocatorOptions().setHasText("iris")).first().click();
		this.page.waitForURL("**/models/" + modelId);

		// deactivate, confirmed in the disclosure: the key's call gets 403
		this.page.locator("#status-button").click();
		this.page.locator("#confirm-deactivate").click();
		this.page.waitForURL("**/models/" + modelId);
		assertThat(this.page.locator("#model-status").textContent()).isEqualTo("inactive");
		assertThat(withKey.post(predictPath(modelId), Map.of("inputs", List.of(ROW))).status()).isEqualTo(403);

		// delete, confirming with the model's name
		this.page.locator("#delete-link").click();
		this.page.waitForURL("**/models/" + modelId + "/delete");
		assertThat(this.page.locator("main").textContent()).contains("cannot be undone").contains("iris");
		screenshot("06-delete-confirmation");
		fits("the delete confirmation");
		this.page.locator("#confirm-name").fill("iris");
		this.page.locator("#confirm-delete").click();
		this.page.waitForURL("**/models");
		assertThat(this.page.locator("main").textContent()).contains("Deleted iris").contains("No models yet");
		assertThat(withKey.post(predictPath(modelId), Map.of("inputs", List.of(ROW))).status()).isEqualTo(404);

		// sign out
		this.page.getByText("Sign out").click();
		this.page.waitForURL("**/login?logout");
		screenshot("07-signed-out");
		fits("the sign-in page");
		this.page.navigate("/");
		assertThat(this.page.locator("main").textContent()).contains("Upload a model file");
		screenshot("07-landing");
		fits("the landing page");
	}

	@Test
	void uploadsADatasetAndFollowsItsTrainingLiveToTheModelsReport() throws IOException {
		String username = "trainer_" + Long.toHexString(System.nanoTime());
		this.page.navigate("/signup");
		this.page.getByLabel("Username").fill(username);
		this.page.getByLabel("Email").fill(username + "@example.com");
		this.page.locator("#password").fill("correct horse battery");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
		this.page.waitForURL("**/models");

		// upload a CSV with htmx (and its progress bar)
		this.page.locator("nav").getByText("Datasets").click();
		this.page.waitForURL("**/datasets");
		// a refusal (422) is shown beside the form, in place
		Path ragged = Files.createTempFile("ragged", ".csv");
		Files.writeString(ragged, "a,b,c\n1,2,3\n4,5\n");
		this.page.setInputFiles("#file", ragged);
		this.page.locator("#name").fill("ragged");
		this.page.locator("#upload-form button[type=submit]").click();
		this.page.locator("#file-error").waitFor();
		assertThat(this.page.locator("#file-error").textContent()).contains("Line 3");
		Files.delete(ragged);
		this.page.setInputFiles("#file", Fixtures.root().resolve("datasets/iris.csv"));
		this.page.locator("#name").fill("iris data");
		Request upload = this.page.waitForRequest("**/datasets",
				() -> this.page.locator("#upload-form button[type=submit]").click());
		assertThat(upload.headers()).containsEntry("hx-request", "true");
		this.page.waitForURL(Pattern.compile(".*/datasets/[0-9a-f-]{36}$"));
		assertThat(this.page.locator("#profile").textContent()).contains("species").contains("category");
		screenshot("08-dataset");
		fits("a dataset's page");

		// train: the job's page fills in by itself (htmx polls its fragment)
		this.page.locator("#target").selectOption("species");
		this.page.locator("#budget").fill("5");
		this.page.locator("#modelName").fill("iris-browser");
		this.page.locator("#start-training").click();
		this.page.waitForURL(Pattern.compile(".*/training/[0-9a-f-]{36}$"));
		String jobUrl = this.page.url();
		this.page.locator("#model-link")
			.waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(60_000));
		assertThat(this.page.url()).as("no reload").isEqualTo(jobUrl);
		assertThat(this.page.locator("#job-status").textContent()).isEqualTo("succeeded");
		assertThat(this.page.locator("table.leaderboard tbody tr").count()).isPositive();
		screenshot("09-training");
		fits("a training job");

		this.page.locator("#model-link").click();
		this.page.waitForURL(Pattern.compile(".*/models/[0-9a-f-]{36}$"));
		assertThat(this.page.locator("#training-report").textContent()).contains("iris data")
			.contains("species")
			.contains("cross-validated");
		this.page.locator("#training-report").scrollIntoViewIfNeeded();
		screenshot("10-training-report", false);
	}

	@Test
	void trainsAnImageClassifierWatchingItsCurvesThenClassifiesAPicture(@TempDir Path dir) {
		String username = "pictures_" + Long.toHexString(System.nanoTime());
		this.page.navigate("/signup");
		this.page.getByLabel("Username").fill(username);
		this.page.getByLabel("Email").fill(username + "@example.com");
		this.page.locator("#password").fill("correct horse battery");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
		this.page.waitForURL("**/models");

		// a zip of labelled digits: its classes with thumbnails that load
		this.page.locator("nav").getByText("Datasets").click();
		this.page.waitForURL("**/datasets");
		fits("the datasets list");
		this.page.setInputFiles("#file", DigitZips.zip(dir, "digits.zip", DigitZips.numbered("")));
		this.page.locator("#name").fill("digits");
		this.page.locator("#upload-form button[type=submit]").click();
		this.page.waitForURL(Pattern.compile(".*/datasets/[0-9a-f-]{36}$"));
		assertThat(this.page.locator("#classes li").count()).isEqualTo(10);
		this.page.waitForFunction("() => [...document.querySelectorAll('.thumbs img')]"
				+ ".every((img) => img.complete && img.naturalWidth > 0)");
		screenshot("11-image-dataset");
		fits("an image dataset's page");

		// train a few epochs: the curves are drawn while the page polls
		this.page.locator("#epochs").fill("3");
		this.page.locator("#model_name").fill("digits-browser");
		this.page.locator("#start-training").click();
		this.page.waitForURL(Pattern.compile(".*/training/[0-9a-f-]{36}$"));
		this.page.locator("#model-link")
			.waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(120_000));
		assertThat(this.page.locator("#epochs tbody tr").count()).isBetween(1, 3);
		this.page.waitForFunction("() => typeof Chart !== 'undefined'"
				+ " && Chart.getChart(document.getElementById('chart-loss'))?.data.datasets[0].data.length > 0");
		assertThat(this.page.locator("#confusion-matrix td.diagonal").count()).isEqualTo(10);
		screenshot("12-image-training");
		fits("an image training job");

		// the model's page takes a picture and shows its top classes
		this.page.locator("#model-link").click();
		this.page.waitForURL(Pattern.compile(".*/models/[0-9a-f-]{36}$"));
		assertThat(this.page.locator("#training-report").textContent()).contains("on the test split");
		this.page.setInputFiles("#picture-file", DigitZips.DIGITS.resolve("images/8.png"));
		this.page.locator("#picture-submit").click();
		this.page.locator("#picture-top").waitFor();
		assertThat(this.page.locator("#picture-status").textContent()).isEqualTo("200");
		assertThat(this.page.locator("#picture-top tbody tr").count()).isPositive();
		this.page.locator("#picture-section").scrollIntoViewIfNeeded();
		screenshot("13-classify-picture", false);
		fits("an image model's page");
	}

	@Test
	void aTensorModelsPageAlertsKeysAccountAndAuditFitEveryWidth() {
		String username = "tensor_" + Long.toHexString(System.nanoTime());
		String password = "correct horse battery";
		this.page.navigate("/signup");
		this.page.getByLabel("Username").fill(username);
		this.page.getByLabel("Email").fill(username + "@example.com");
		this.page.locator("#password").fill(password);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
		this.page.waitForURL("**/models");
		ApiClient api = apiLogin(username, password);
		String modelId = upload(api, "onnx/digits_cnn.onnx", "digits cnn").get("id").asString();

		// a tensor model's page: the console prefilled with the input's shape, answered
		// with top classes
		this.page.navigate("/models/" + modelId);
		assertThat(this.page.locator("#console-raw").inputValue()).contains("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]");
		this.page.getByText("Send raw JSON").click();
		this.page.locator("table.console-top").first().waitFor();
		assertThat(this.page.locator("#console-status").textContent()).isEqualTo("200");
		assertThat(this.page.locator("table.console-top tbody tr").count()).isEqualTo(5);
		this.page.locator("#console-heading").scrollIntoViewIfNeeded();
		screenshot("15-tensor-model", false);
		fits("a tensor model's page");

		// a new version under the model's name: the form says so, and checks the file
		// against the endpoint before anything is stored (the chosen file stays chosen)
		this.page.navigate("/models/new");
		this.page.setInputFiles("#file", Fixtures.model("onnx/iris_mlp.onnx"));
		this.page.locator("#name").fill("digits cnn");
		this.page.locator("#existing-model").waitFor();
		this.page.locator("#check-compatibility").click();
		this.page.locator("#verdict").waitFor();
		assertThat(this.page.locator("#verdict").textContent()).contains("Not compatible with version 1");
		assertThat(this.page.locator("#file").inputValue()).endsWith("iris_mlp.onnx");
		fits("the upload form with a verdict");
		// fields look alike: a select and a number box as a text box
		this.page.navigate("/models/" + modelId + "/monitoring");
		Object text = this.page.evaluate("() => { const s = getComputedStyle(document.querySelector('#rule-cpu'));"
				+ " return s.borderTopColor + ' ' + s.paddingLeft + ' ' + s.borderRadius; }");
		this.page.navigate("/keys");
		Object field = this.page.evaluate("() => { const s = getComputedStyle(document.querySelector('#key-name'));"
				+ " return s.borderTopColor + ' ' + s.paddingLeft + ' ' + s.borderRadius; }");
		assertThat(text).as("a number box is styled like a text box").isEqualTo(field);

		// alert thresholds from the form; traffic raises one: on the page and in the bell
		this.page.navigate("/models/" + modelId + "/monitoring");
		this.page.locator("#rule-error-rate").fill("10");
		this.page.locator("#alert-rules-form button[type=submit]").click();
		this.page.waitForURL("**/models/" + modelId + "/monitoring*");
		assertThat(this.page.locator(".notice").textContent()).contains("Alert thresholds saved");
		ApiClient key = apiKeyClient(api);
		for (int i = 0; i < 3; i++) {
			key.post(predictPath(modelId), Map.of("inputs", List.of("not a picture")));
		}
		this.ledger.flush();
		this.alerts.evaluate();
		this.page.reload();
		assertThat(this.page.locator("#alert-bell .count").textContent()).isEqualTo("1");
		assertThat(this.page.locator("#alerts").textContent()).contains("error rate");
		this.page.locator("#alert-rules").scrollIntoViewIfNeeded();
		screenshot("16-alerts", false);
		fits("a model's monitoring with an alert");
		this.page.locator("#alert-bell").click();
		this.page.waitForURL("**/monitoring#open-alerts");
		assertThat(this.page.locator("#open-alerts-table").textContent()).contains("digits cnn");
		screenshot("17-monitoring-overview");
		fits("the monitoring overview");

		// keys: renamed in place
		this.page.navigate("/keys");
		this.page.locator("summary.rename").first().click();
		this.page.locator("details[open] input[name=name]").fill("scoring service");
		this.page.locator("details[open] .confirm-rename").click();
		this.page.waitForURL("**/keys");
		assertThat(this.page.locator("#keys").textContent()).contains("scoring service");
		screenshot("18-keys");
		fits("the API keys");

		this.page.navigate("/account");
		assertThat(this.page.locator("#own-keys").textContent()).contains("scoring service");
		screenshot("19-account");
		fits("the account page");

		this.page.navigate("/audit");
		assertThat(this.page.locator("#audit").textContent()).contains("api_key.rename");
		screenshot("20-audit");
		fits("the audit log");
	}

	@Test
	void webhooksComparisonsAndTheAdministrationPagesFitEveryWidth() {
		this.page.navigate("/login");
		this.page.getByLabel("Username").fill("admin");
		this.page.getByLabel("Password").fill(ADMIN_PASSWORD);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		this.page.waitForURL("**/models");
		for (String path : List.of("/webhooks", "/comparisons/new", "/datasets", "/admin", "/admin/users",
				"/admin/models", "/admin/invitations", "/admin/health")) {
			this.page.navigate(path);
			assertThat(this.page.title()).as(path).doesNotContainIgnoringCase("error");
			fits(path);
		}
	}

	private ApiClient apiLogin(String username, String password) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", username, "password", password));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	private static String predictPath(String modelId) {
		return "/api/v1/models/" + modelId + "/predict";
	}

	/**
	 * The page, as it is, fits a phone (390 px), a tablet (768 px) and a laptop (1280 px)
	 * without sideways scrolling; names what sticks out when it does not.
	 */
	private void fits(String what) {
		for (int width : List.of(390, 768, 1280)) {
			this.page.setViewportSize(width, 900);
			// what follows resizes by itself (a chart) has its turn
			this.page.waitForTimeout(250);
			Object result = this.page.evaluate("() => {" + " const root = document.documentElement;"
					+ " if (root.scrollWidth <= window.innerWidth) { return 'fits'; }"
					+ " const free = (e) => { for (let a = e.parentElement; a; a = a.parentElement) {"
					+ "   if (getComputedStyle(a).overflowX !== 'visible') { return false; } } return true; };"
					+ " const wide = [...document.querySelectorAll('body *')]"
					+ "   .filter((e) => free(e) || ['absolute', 'fixed'].includes(getComputedStyle(e).position))"
					+ "   .map((e) => [Math.round(e.getBoundingClientRect().right), e.tagName"
					+ "     + (e.id ? '#' + e.id : '') + '.' + e.className])"
					+ "   .sort((x, y) => y[0] - x[0]).slice(0, 4).map((x) => x[1] + ' ' + x[0]);"
					+ " return root.scrollWidth + ' px wide: ' + wide.join(', '); }");
			assertThat(result).as(what + " at " + width + " px").isEqualTo("fits");
		}
		this.page.setViewportSize(1280, 900);
	}

	private void screenshot(String name) {
		screenshot(name, true);
	}

	private void screenshot(String name, boolean fullPage) {
		this.page
			.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(fullPage));
	}

}
