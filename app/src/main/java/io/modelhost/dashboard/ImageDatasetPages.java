package io.modelhost.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.ImageNotFoundException;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobLimitException;
import io.modelhost.training.ImageOptions;
import io.modelhost.training.InvalidTrainingOrderException;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingOrder;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The parts of a dataset's page that only image datasets have: their classes with
 * thumbnails (served behind the page's session), and the form that trains an image
 * classifier on them. {@link DatasetPages} shows the page; this fills it.
 */
@Controller
class ImageDatasetPages {

	private final Datasets datasets;

	private final Training training;

	ImageDatasetPages(Datasets datasets, Training training) {
		this.datasets = datasets;
		this.training = training;
	}

	/** A thumbnail for the dataset's page: the API's, behind the page's session. */
	@GetMapping("/datasets/{id}/images/{index}")
	ResponseEntity<byte[]> image(Caller caller, @PathVariable String id, @PathVariable String index) {
		int number;
		try {
			number = Integer.parseInt(index);
		}
		catch (NumberFormatException ex) {
			throw new ImageNotFoundException(-1, 0);
		}
		byte[] png = this.datasets.thumbnail(caller.userId(), DatasetId.parse(id), number);
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.body(png);
	}

	/** Fills the page of an image dataset. */
	String show(Dataset dataset, ImageProfile profile, ModelMap page) {
		page.addAttribute("dataset", DatasetPages.DatasetRow.of(dataset));
		page.addAttribute("description", dataset.description());
		page.addAttribute("classes",
				profile.classes()
					.stream()
					.map((c) -> new ClassRow(c.label(), c.count(),
							c.samples()
								.stream()
								.map((index) -> new Thumbnail("/datasets/" + dataset.id().value() + "/images/" + index,
										c.label() + ", picture " + index))
								.toList()))
					.toList());
		ImageProfile.ImageSize size = profile.size();
		page.addAttribute("imageSize", (size == null) ? "Mixed sizes"
				: size.width() + " × " + size.height() + ((size.channels() == 1) ? ", grey" : ", colour"));
		page.addAttribute("ignored", profile.ignoredEntries());
		if (!page.containsAttribute("imageTrain")) {
			page.addAttribute("imageTrain",
					ImageTrainForm.defaults(dataset.name() + "-model", this.training.imageDefaults()));
		}
		return "datasets/images";
	}

	/**
	 * The train form of an image dataset. A path of its own, not a params condition on
	 * the tabular form's: such a condition has the container parse every form-typed POST
	 * body as parameters while mappings are matched, the API's JSON bodies included.
	 */
	@PostMapping("/datasets/{id}/train-images")
	String trainImages(Caller caller, @PathVariable String id, @RequestParam(name = "model_name") String modelName,
			@RequestParam String epochs, @RequestParam(name = "batch_size", defaultValue = "") String batchSize,
			@RequestParam(name = "learning_rate", defaultValue = "") String learningRate,
			@RequestParam(name = "validation_split", defaultValue = "") String validationSplit,
			@RequestParam(name = "test_split", defaultValue = "") String testSplit,
			@RequestParam(defaultValue = "false") boolean augmentation, ModelMap page, HttpServletResponse response,
			RedirectAttributes flash) {
		var form = new ImageTrainForm(modelName, epochs, batchSize, learningRate, augmentation, validationSplit,
				testSplit, new LinkedHashMap<>());
		var errors = new LinkedHashMap<String, String>();
		var options = new ImageOptions(whole(epochs, "epochs", errors), whole(batchSize, "batch_size", errors),
				real(learningRate, "learning_rate", errors), real(validationSplit, "validation_split", errors),
				real(testSplit, "test_split", errors), augmentation, null, null, null, null, null, null);
		if (errors.isEmpty()) {
			try {
				Job job = this.training.submit(caller.userId(),
						new TrainingOrder(id, "", modelName, null, null, null, null, List.of(), null, options));
				flash.addFlashAttribute("notice", "Training started.");
				return "redirect:/training/" + job.id().value();
			}
			catch (InvalidTrainingOrderException ex) {
				ex.problems()
					.forEach((problem) -> errors.merge(problem.field(), DatasetPages.sentence(problem.message()),
							(a, b) -> a + " " + b));
			}
			catch (JobLimitException ex) {
				response.setStatus(HttpServletResponse.SC_CONFLICT);
				errors.put("form", DatasetPages.sentence(ex.getMessage()));
			}
		}
		if (response.getStatus() == HttpServletResponse.SC_OK) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		}
		page.addAttribute("imageTrain", new ImageTrainForm(form.modelName(), form.epochs(), form.batchSize(),
				form.learningRate(), form.augmentation(), form.validationSplit(), form.testSplit(), errors));
		Dataset dataset = this.datasets.get(caller.userId(), DatasetId.parse(id));
		return (dataset.profile() instanceof ImageProfile profile) ? show(dataset, profile, page)
				: "redirect:/datasets/" + dataset.id().value();
	}

	private static @Nullable Integer whole(String value, String field, Map<String, String> errors) {
		if (value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			errors.put(field, "Give " + field.replace('_', ' ') + " as a whole number.");
			return null;
		}
	}

	private static @Nullable Double real(String value, String field, Map<String, String> errors) {
		if (value.isBlank()) {
			return null;
		}
		try {
			return Double.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			errors.put(field, "Give " + field.replace('_', ' ') + " as a number.");
			return null;
		}
	}

	/**
	 * One class of an image dataset, for reading.
	 *
	 * @param label its label
	 * @param count how many pictures it has
	 * @param thumbnails its first pictures
	 */
	record ClassRow(String label, int count, List<Thumbnail> thumbnails) {

	}

	/**
	 * A thumbnail to show.
	 *
	 * @param url where the page loads it
	 * @param alt its text alternative
	 */
	record Thumbnail(String url, String alt) {

	}

	/**
	 * The image train form as filled in, fields named as the JSON API names them, with
	 * its errors by field ({@code form} for the rest).
	 *
	 * @param modelName the model to register
	 * @param epochs passes over the training pictures, as typed
	 * @param batchSize pictures per step, as typed
	 * @param learningRate the step size, as typed
	 * @param augmentation whether to vary the pictures while training
	 * @param validationSplit the share of pictures held out to pick the best epoch
	 * @param testSplit the share held out to report on
	 * @param errors messages by field
	 */
	record ImageTrainForm(String modelName, String epochs, String batchSize, String learningRate, boolean augmentation,
			String validationSplit, String testSplit, Map<String, String> errors) {

		static ImageTrainForm defaults(String modelName, ImageOptions defaults) {
			return new ImageTrainForm(modelName, String.valueOf(defaults.epochs()),
					String.valueOf(defaults.batchSize()), String.valueOf(defaults.learningRate()),
					Boolean.TRUE.equals(defaults.augmentation()), String.valueOf(defaults.validationSplit()),
					String.valueOf(defaults.testSplit()), Map.of());
		}

	}

}
