package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.serving.DigitPictures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picture form of an image model's page, as a browser without JavaScript uses it: a
 * plain multipart form whose answer is the page with the picture's top classes.
 */
class PicturePagesTests extends HttpTests {

	private static final Pattern FIRST_CLASS = Pattern.compile("data-rank=\"1\">\\s*<td>([^<]+)</td>");

	@TempDir
	Path pictures;

	@Test
	void classifiesAPictureChosenOnTheModelsPageWithoutJavaScript() throws Exception {
		String name = "pictures_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		ApiClient api = signedIn(name);
		ApiClient.Response uploaded = api.upload("/api/v1/models", Fixtures.model(DigitPictures.MODEL), null,
				Map.of("name", "digits", "description", "digits", "image_input", DigitPictures.IMAGE_INPUT));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String page = "/models/" + uploaded.json().get("id").asString();

		PageClient.Page detail = browser.get(page);
		assertThat(detail.body()).contains("Classify a picture")
			.contains("enctype=\"multipart/form-data\"")
			.contains("8×8 grey, NCHW");

		Path png = this.pictures.resolve("digit.png");
		Files.write(png, DigitPictures.pngs().get(3));
		PageClient.Page classified = browser.upload(page + "/classify", png, Map.of());
		assertThat(classified.status()).isEqualTo(200);
		assertThat(classified.body()).contains("id=\"picture-status\">200<");
		Matcher first = FIRST_CLASS.matcher(classified.body());
		assertThat(first.find()).as(classified.body()).isTrue();
		assertThat(first.group(1)).isEqualTo(DigitPictures.expectedLabels().get(3));

		Path text = this.pictures.resolve("notes.png");
		Files.writeString(text, "not a picture at all");
		PageClient.Page refused = browser.upload(page + "/classify", text, Map.of());
		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"picture-status\">415<").contains("not a PNG or JPEG picture");

		// the calls count as the model's usage, like the API's
		String stats = "/api/v1/models/" + uploaded.json().get("id").asString() + "/stats";
		JsonNode usage = api.get(stats).json();
		for (int i = 0; i < 50 && usage.get("total_requests").asLong() < 2; i++) {
			Thread.sleep(100);
			usage = api.get(stats).json();
		}
		assertThat(usage.get("total_requests").asLong()).as(usage.toString()).isEqualTo(2);
		JsonNode error = api.get(stats + "/errors").json().get(0);
		assertThat(error.get("status").asInt()).isEqualTo(415);
		assertThat(error.get("protocol").asString()).isEqualTo("dashboard");
	}

	@Test
	void aModelWithoutImageInputHasNoPictureFormAndSaysHowToDeclareIt() throws IOException {
		String name = "nopictures_" + Long.toHexString(System.nanoTime());
		PageClient browser = PageClient.signedUp(this.port, name);
		JsonNode model = upload(signedIn(name), DigitPictures.MODEL);
		String page = "/models/" + model.get("id").asString();
		assertThat(browser.get(page).body()).doesNotContain("picture-form");
		Path png = this.pictures.resolve("digit.png");
		Files.write(png, DigitPictures.pngs().get(0));
		PageClient.Page refused = browser.upload(page + "/classify", png, Map.of());
		assertThat(refused.body()).contains("id=\"picture-status\">415<").contains("image_input");
	}

	private ApiClient signedIn(String username) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", username, "password", "correct horse battery"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

}
