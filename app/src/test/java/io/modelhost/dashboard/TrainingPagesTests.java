package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datasets and training pages over real HTTP, without JavaScript: upload a CSV
 * through the form, read its profile, train on it with the form, follow the job's page
 * until it links to the model, and read the training report on the model's page; bad CSVs
 * explained beside the form; nobody else sees a dataset or a job.
 */
class TrainingPagesTests extends HttpTests {

	private static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	private static final Path DIABETES = Fixtures.root().resolve("datasets/diabetes.csv");

	private static final Pattern MODEL_LINK = Pattern.compile("href=\"/models/([0-9a-f-]{36})\" id=\"model-link\"");

	@Test
	void uploadsADatasetTrainsOnItAndShowsTheReportOnTheModelsPage() throws InterruptedException {
		PageClient pages = PageClient.signedUp(this.port, uniqueName("trainer"));
		PageClient.Page empty = pages.get("/datasets");
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.body()).contains("No datasets yet").contains("href=\"/datasets\"");

		PageClient.Page uploaded = pages.upload("/datasets", IRIS, Map.of("name", "irises", "description", "Fisher"));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(302);
		String dataset = path(uploaded.location());
		assertThat(dataset).matches("/datasets/[0-9a-f-]{36}");
		PageClient.Page detail = pages.get(dataset);
		assertThat(detail.status()).isEqualTo(200);
		assertThat(detail.body()).contains("Uploaded irises: 150 rows, 5 columns.")
			.containsPattern("<th scope=\"row\">species</th>\\s*<td><code>category</code></td>")
			.contains("setosa (50)")
			.contains("<option value=\"species\" selected=\"selected\">species</option>")
			.containsPattern("<td>5.1</td>\\s*<td>3.5</td>");
		assertThat(pages.get("/datasets").body()).contains(">irises</a>").contains("<td>150</td>");

		PageClient.Page refused = pages.post(dataset + "/train",
				Map.of("target", "species", "task", "regression", "budget", "1", "modelName", "iris-pages"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("The training was not started")
			.contains("Time_budget_s must be in 5..3600 but was 1")
			.contains("Regression predicts numbers");

		PageClient.Page started = pages.post(dataset + "/train",
				Map.of("target", "species", "task", "auto", "budget", "5", "modelName", "iris-pages"));
		assertThat(started.status()).as(started.toString()).isEqualTo(302);
		String job = path(started.location());
		assertThat(job).matches("/training/[0-9a-f-]{36}");
		PageClient.Page running = pages.get(job);
		assertThat(running.body()).contains("Training started.").contains("Leaderboard").contains("classification");

		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		PageClient.Page progress = pages.get(job + "/progress");
		while (!progress.body().contains("id=\"job-status\">succeeded<") && Instant.now().isBefore(deadline)) {
			assertThat(progress.body()).as("a fragment, not a page")
				.doesNotContain("<html")
				.doesNotContain(">failed<")
				.contains("hx-trigger=\"every 1500ms\"");
			Thread.sleep(500);
			progress = pages.get(job + "/progress");
		}
		assertThat(progress.body()).contains("id=\"job-status\">succeeded<").doesNotContain("hx-trigger");
		PageClient.Page done = pages.get(job);
		assertThat(done.body()).contains("<table class=\"leaderboard\">")
			.contains("accuracy (CV)")
			.doesNotContain("id=\"cancel-training\"");
		Matcher link = MODEL_LINK.matcher(done.body());
		assertThat(link.find()).as(done.body()).isTrue();

		PageClient.Page model = pages.get("/models/" + link.group(1));
		assertThat(model.status()).isEqualTo(200);
		assertThat(model.body()).contains("Training report")
			.contains(">irises</a>")
			.contains("<dd>species</dd>")
			.contains("(cross-validated)")
			.contains("<table class=\"leaderboard\">");

		PageClient stranger = PageClient.signedUp(this.port, uniqueName("snoop"));
		assertThat(stranger.get(dataset).status()).isEqualTo(404);
		assertThat(stranger.get(dataset).body()).contains("Dataset not found");
		assertThat(stranger.get(job).status()).isEqualTo(404);
		assertThat(stranger.get(job + "/progress").status()).isEqualTo(404);
		assertThat(stranger.get("/datasets").body()).doesNotContain("irises");
		assertThat(stranger.post(dataset + "/delete", Map.of()).status()).isEqualTo(404);
		assertThat(stranger.post(dataset + "/train", Map.of("target", "species", "budget", "5", "modelName", "x"))
			.status()).isEqualTo(404);
		assertThat(stranger.post(job + "/cancel", Map.of()).status()).isEqualTo(404);

		pages.get(dataset);
		PageClient.Page deleted = pages.post(dataset + "/delete", Map.of());
		assertThat(deleted.location()).endsWith("/datasets");
		assertThat(pages.get("/datasets").body()).contains("Deleted the dataset irises").contains("No datasets yet");
		assertThat(pages.get(dataset).status()).isEqualTo(404);
	}

	@Test
	void showsTheLeaderboardFillingInAndCancelsARunningTraining() throws InterruptedException {
		PageClient pages = PageClient.signedUp(this.port, uniqueName("canceller"));
		pages.get("/datasets");
		String dataset = path(pages.upload("/datasets", DIABETES, Map.of("name", "diabetes")).location());
		pages.get(dataset);
		String job = path(pages
			.post(dataset + "/train",
					Map.of("target", "progression", "task", "regression", "budget", "60", "modelName", "never"))
			.location());
		PageClient.Page running = pages.get(job);
		assertThat(running.body()).contains("id=\"cancel-training\"")
			.contains("id=\"refresh-link\"")
			.contains("hx-get=\"" + job + "/progress\"");
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		PageClient.Page progress = pages.get(job + "/progress");
		while (!progress.body().contains("<table class=\"leaderboard\">") && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			progress = pages.get(job + "/progress");
		}
		// the leaderboard fills in while the job runs
		assertThat(progress.body()).contains("id=\"job-status\">running<").contains("rmse (CV)");

		pages.get(job);
		assertThat(pages.post(job + "/cancel", Map.of()).location()).endsWith(job);
		while (!progress.body().contains("id=\"job-status\">cancelled<") && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			progress = pages.get(job + "/progress");
		}
		assertThat(progress.body()).contains("id=\"job-status\">cancelled<")
			.doesNotContain("id=\"cancel-training\"")
			.doesNotContain("id=\"model-link\"");
		assertThat(pages.get("/models").body()).doesNotContain(">never<");
	}

	@Test
	void explainsWhyACsvWasRefusedBesideTheForm(@TempDir Path dir) throws IOException {
		PageClient pages = PageClient.signedUp(this.port, uniqueName("badcsv"));
		pages.get("/datasets");
		Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,c\n1,2,3\n4,5\n", StandardCharsets.UTF_8);
		PageClient.Page refused = pages.upload("/datasets", ragged, Map.of("name", "ragged"));
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("The dataset was not uploaded")
			.contains("Not a usable CSV: Line 3: this row has 2 values but the header names 3")
			.contains("value=\"ragged\"");
		Path tooLarge = dir.resolve("large.csv");
		Files.writeString(tooLarge, "a,b\n" + "1,2\n".repeat(300_000), StandardCharsets.UTF_8);
		PageClient.Page large = pages.upload("/datasets", tooLarge, Map.of("name", "large"));
		assertThat(large.status()).isEqualTo(413);
		assertThat(large.body()).contains("larger than the dataset upload limit of 1 MB");
		PageClient.Page unnamed = pages.upload("/datasets", IRIS, Map.of("name", " "));
		assertThat(unnamed.status()).isEqualTo(400);
		assertThat(unnamed.body()).contains("Give the dataset a name.");
		assertThat(pages.get("/datasets").body()).contains("No datasets yet");
	}

	private static String path(String location) {
		return location.replaceFirst("^https?://[^/]+", "");
	}

	private static String uniqueName(String prefix) {
		return prefix + "_" + Long.toHexString(System.nanoTime());
	}

}
