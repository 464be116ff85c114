package io.modelhost.dashboard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.HttpTests;
import io.modelhost.datasets.DigitZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image dataset's pages over real HTTP, without JavaScript: a zip uploaded through the
 * form, its classes with counts and thumbnails, the train form named as the JSON API; a
 * broken zip explained beside the form; nobody else sees the thumbnails.
 */
class ImageDatasetPagesTests extends HttpTests {

	private static final Pattern THUMBNAIL = Pattern.compile("src=\"(/datasets/[0-9a-f-]{36}/images/\\d+)\"");

	@TempDir
	Path dir;

	@Test
	void uploadsAZipAndShowsItsClassesWithThumbnailsAndATrainForm() {
		PageClient pages = PageClient.signedUp(this.port, "pictures" + System.nanoTime());
		assertThat(pages.get("/datasets").body()).contains("accept=\".csv,.tsv,.txt,text/csv,.zip,application/zip\"");
		PageClient.Page uploaded = pages.upload("/datasets",
				DigitZips.zip(this.dir, "digits.zip", DigitZips.byClass("digits/")), Map.of("name", "digits"));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(302);
		String dataset = uploaded.location().replaceFirst("^https?://[^/]+", "");
		PageClient.Page detail = pages.get(dataset);
		assertThat(detail.status()).isEqualTo(200);
		assertThat(detail.body()).contains("Uploaded digits: 600 pictures, 10 classes.")
			.contains("<dd id=\"image-size\">28 × 28, grey</dd>")
			.containsPattern("<strong class=\"class-label\">0</strong>\\s*<span class=\"muted small\">" + count("0")
					+ " pictures</span>")
			.containsPattern("<strong class=\"class-label\">9</strong>\\s*<span class=\"muted small\">" + count("9")
					+ " pictures</span>")
			.contains("action=\"" + dataset + "/train-images\"")
			.contains("name=\"model_name\"")
			.contains("name=\"epochs\"")
			.contains("name=\"batch_size\"")
			.contains("name=\"learning_rate\"")
			.contains("name=\"validation_split\"")
			.contains("name=\"test_split\"")
			.containsPattern("name=\"augmentation\" type=\"checkbox\" value=\"true\"\\s*checked=\"checked\"");
		Matcher thumbnails = THUMBNAIL.matcher(detail.body());
		int count = 0;
		String first = null;
		while (thumbnails.find()) {
			first = (first != null) ? first : thumbnails.group(1);
			count++;
		}
		assertThat(count).isEqualTo(50);
		PageClient.Page thumbnail = pages.get(first);
		assertThat(thumbnail.status()).isEqualTo(200);
		assertThat(thumbnail.contentType()).isEqualTo("image/png");
		assertThat(pages.get(dataset + "/images/600").status()).isEqualTo(404);
		assertThat(pages.get("/datasets").body()).contains(">digits</a>")
			.contains("<td>images</td>")
			.contains("<td>600</td>");

		PageClient stranger = PageClient.signedUp(this.port, "stranger" + System.nanoTime());
		assertThat(stranger.get(first).status()).isEqualTo(404);
		assertThat(stranger.get(dataset).status()).isEqualTo(404);
	}

	/** How many fixture digits have this label. */
	private static long count(String label) {
		return DigitZips.labels().values().stream().filter(label::equals).count();
	}

	@Test
	void explainsARefusedZipBesideTheForm() {
		PageClient pages = PageClient.signedUp(this.port, "refused" + System.nanoTime());
		pages.get("/datasets");
		Map<String, byte[]> entries = new LinkedHashMap<>(DigitZips.numbered(""));
		entries.remove("images/7.png");
		entries.put("images/../../7.png", DigitZips.picture(7));
		PageClient.Page refused = pages.upload("/datasets", DigitZips.zip(this.dir, "bad.zip", entries),
				Map.of("name", "bad"));
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("Not a usable zip of pictures: 2 problems.")
			.contains("images/../../7.png: The name leads out of the archive")
			.contains("labels.txt: line 7: Labels picture 7, but the archive has no picture 7.png")
			.contains("No datasets yet");
	}

}
