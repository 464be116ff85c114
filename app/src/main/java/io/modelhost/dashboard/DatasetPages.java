package io.modelhost.dashboard;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.StorageLimitReachedException;
import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetTooLargeException;
import io.modelhost.datasets.DatasetUpload;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.DatasetsProperties;
import io.modelhost.datasets.ImageNotFoundException;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetRequestException;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobLimitException;
import io.modelhost.training.ImageOptions;
import io.modelhost.training.InvalidTrainingOrderException;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingOrder;
import io.modelhost.training.TrainingProperties;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The datasets pages: the user's datasets with an upload form (a CSV or a zip of
 * pictures), a tabular dataset's column profile and first rows, an image dataset's
 * classes with thumbnails, deleting a dataset, and the form that starts a training on it.
 */
@Controller
class DatasetPages {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	/** The list shows this many of the newest datasets. */
	private static final int LIST_SIZE = 100;

	private static final int PREVIEW_ROWS = 20;

	private final Datasets datasets;

	private final Training training;

	private final DatasetsProperties properties;

	private final TrainingProperties budgets;

	private final ImageDatasetPages images;

	DatasetPages(Datasets datasets, Training training, DatasetsProperties properties, TrainingProperties budgets,
			ImageDatasetPages images) {
		this.datasets = datasets;
		this.training = training;
		this.properties = properties;
		this.budgets = budgets;
		this.images = images;
	}

	@GetMapping("/datasets")
	String list(Caller caller, ModelMap page) {
		return show(caller, page, "", "", Map.of());
	}

	@PostMapping("/datasets")
	String upload(Caller caller, @RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
			HttpServletRequest request, HttpServletResponse response, ModelMap page, RedirectAttributes flash) {
		var errors = new LinkedHashMap<String, String>();
		if (file == null || file.isEmpty()) {
			errors.put("file", "Choose a CSV file or a zip of pictures to upload.");
		}
		if (name.isBlank()) {
			errors.put("name", "Give the dataset a name.");
		}
		if (file == null || !errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return show(caller, page, name, description, errors);
		}
		Dataset dataset;
		try {
			dataset = this.datasets.upload(caller.userId(), name, description, DatasetUpload.of(file));
		}
		catch (InvalidDatasetRequestException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			errors.put(ex.field().equals("description") ? "description" : "name", sentence(ex.getMessage()));
			return show(caller, page, name, description, errors);
		}
		catch (InvalidDatasetException ex) {
			response.setStatus(422);
			if (ex.problems().getFirst().entry() == null && ex.problems().getFirst().line() > 0) {
				errors.put("file", "Not a usable CSV: " + sentence(ex.getMessage()));
			}
			else {
				// a zip: its problems one by one, as many as the API lists
				errors.put("file", "Not a usable zip of pictures: " + ex.problemCount()
						+ ((ex.problemCount() == 1) ? " problem." : " problems."));
				for (int i = 0; i < ex.problems().size(); i++) {
					InvalidDatasetException.Problem problem = ex.problems().get(i);
					errors.put("problem-" + i,
							((problem.entry() != null) ? problem.entry() + ": " : "")
									+ ((problem.line() > 0) ? "line " + problem.line() + ": " : "")
									+ sentence(problem.message()));
				}
			}
			return show(caller, page, name, description, errors);
		}
		catch (StorageLimitReachedException ex) {
			response.setStatus(413);
			errors.put("file", LimitMessages.storage(ex));
			return show(caller, page, name, description, errors);
		}
		catch (DatasetTooLargeException ex) {
			response.setStatus(413);
			errors.put("file", "The file is larger than the dataset upload limit of " + ex.limit().toMegabytes()
					+ " MB (" + ex.limit().toBytes() + " bytes).");
			return show(caller, page, name, description, errors);
		}
		String target = "/datasets/" + dataset.id().value();
		String notice = switch (dataset.profile()) {
			case TabularProfile tabular -> "Uploaded " + dataset.name() + ": " + tabular.rows() + " rows, "
					+ tabular.columns().size() + " columns.";
			case ImageProfile images -> "Uploaded " + dataset.name() + ": " + images.images() + " pictures, "
					+ images.classes().size() + " classes.";
		};
		if (request.getHeader("HX-Request") != null) {
			// as for model uploads: htmx sends the whole page to the dataset
			RequestContextUtils.getOutputFlashMap(request).put("notice", notice);
			RequestContextUtils.saveOutputFlashMap(target, request, response);
			response.setHeader("HX-Redirect", request.getContextPath() + target);
			return "fragments :: redirecting";
		}
		flash.addFlashAttribute("notice", notice);
		return "redirect:" + target;
	}

	@GetMapping("/datasets/{id}")
	String detail(Caller caller, @PathVariable String id, ModelMap page) {
		Dataset dataset = this.datasets.get(caller.userId(), DatasetId.parse(id));
		return switch (dataset.profile()) {
			case TabularProfile tabular -> showTabular(caller, dataset, tabular, page);
			case ImageProfile images -> this.images.show(dataset, images, page);
		};
	}

	private String showTabular(Caller caller, Dataset dataset, TabularProfile profile, ModelMap page) {
		page.addAttribute("dataset", DatasetRow.of(dataset));
		page.addAttribute("description", dataset.description());
		page.addAttribute("columns", profile.columns().stream().map(ColumnRow::of).toList());
		page.addAttribute("preview",
				this.datasets.preview(caller.userId(), dataset.id(), PREVIEW_ROWS)
					.rows()
					.stream()
					.map((row) -> row.values().stream().map(DatasetPages::cell).toList())
					.toList());
		if (!page.containsAttribute("train")) {
			// the last column is the usual place of the label
			page.addAttribute("train",
					new TrainForm(profile.columnNames().getLast(), "auto", "60", dataset.name() + "-model", Map.of()));
		}
		return "datasets/detail";
	}

	@PostMapping("/datasets/{id}/train")
	String train(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String target,
			@RequestParam(defaultValue = "auto") String task, @RequestParam(defaultValue = "") String budget,
			@RequestParam(defaultValue = "") String modelName, ModelMap page, HttpServletResponse response,
			RedirectAttributes flash) {
		var errors = new LinkedHashMap<String, String>();
		Integer seconds = null;
		try {
			seconds = Integer.valueOf(budget.strip());
		}
		catch (NumberFormatException ex) {
			errors.put("budget", "Give the time budget in whole seconds.");
		}
		if (errors.isEmpty()) {
			try {
				Job job = this.training.submit(caller.userId(), new TrainingOrder(id, target, modelName,
						"auto".equals(task) ? null : task, null, seconds, null, List.of(), null));
				flash.addFlashAttribute("notice", "Training started.");
				return "redirect:/training/" + job.id().value();
			}
			catch (InvalidTrainingOrderException ex) {
				ex.problems()
					.forEach((problem) -> errors.merge(field(problem.field()), sentence(problem.message()),
							(a, b) -> a + " " + b));
			}
			catch (JobLimitException ex) {
				response.setStatus(HttpServletResponse.SC_CONFLICT);
				errors.put("form", sentence(ex.getMessage()));
			}
		}
		if (response.getStatus() == HttpServletResponse.SC_OK) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		}
		page.addAttribute("train", new TrainForm(target, task, budget, modelName, errors));
		return detail(caller, id, page);
	}

	@PostMapping("/datasets/{id}/delete")
	String delete(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		Dataset dataset = this.datasets.get(caller.userId(), DatasetId.parse(id));
		this.datasets.delete(caller.userId(), dataset.id());
		flash.addFlashAttribute("notice", "Deleted the dataset " + dataset.name() + " and its file.");
		return "redirect:/datasets";
	}

	private String show(Caller caller, ModelMap page, String name, String description, Map<String, String> errors) {
		page.addAttribute("datasets",
				this.datasets.list(caller.userId(), 0, LIST_SIZE).datasets().stream().map(DatasetRow::of).toList());
		page.addAttribute("name", name);
		page.addAttribute("description", description);
		page.addAttribute("errors", errors);
		page.addAttribute("maxBytes", this.properties.maxUploadSize().toBytes());
		page.addAttribute("maxMegabytes", this.properties.maxUploadSize().toMegabytes());
		return "datasets/list";
	}

	/** The form's field an order's problem is about; the rest go above the form. */
	private static String field(String apiField) {
		return switch (apiField) {
			case "target", "task" -> apiField;
			case "time_budget_s" -> "budget";
			case "model_name" -> "modelName";
			default -> "form";
		};
	}

	private static String cell(@Nullable Object value) {
		return (value != null) ? value.toString() : "";
	}

	static String sentence(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		String sentence = Character.toUpperCase(text.charAt(0)) + text.substring(1);
		return sentence.endsWith(".") ? sentence : sentence + ".";
	}

	/**
	 * A dataset, for reading.
	 *
	 * @param id its id
	 * @param name its name
	 * @param kind tabular or images
	 * @param rows its data rows, or its pictures
	 * @param columns how many columns, or classes
	 * @param size its file's size, for reading
	 * @param created when it was uploaded
	 * @param filename the uploaded file's name
	 * @param columnNames its columns, for the train form's target, or its classes
	 */
	record DatasetRow(String id, String name, String kind, long rows, int columns, String size, String created,
			String filename, List<String> columnNames) {

		static DatasetRow of(Dataset dataset) {
			return switch (dataset.profile()) {
				case TabularProfile profile -> new DatasetRow(dataset.id().value(), dataset.name(), dataset.kind().id(),
						profile.rows(), profile.columns().size(), ByteSize.text(dataset.sizeBytes()),
						WHEN.format(dataset.createdAt()), dataset.filename(), profile.columnNames());
				case ImageProfile profile -> new DatasetRow(dataset.id().value(), dataset.name(), dataset.kind().id(),
						profile.images(), profile.classes().size(), ByteSize.text(dataset.sizeBytes()),
						WHEN.format(dataset.createdAt()), dataset.filename(), profile.labels());
			};
		}

	}

	/**
	 * One column of the profile, for reading; blank where a figure does not apply.
	 *
	 * @param name its name
	 * @param type its type
	 * @param missing how many values are missing
	 * @param distinct how many distinct values, "at least" when counting stopped
	 * @param min its smallest value
	 * @param max its largest value
	 * @param mean its mean
	 * @param topValues its most frequent values with their counts
	 */
	record ColumnRow(String name, String type, long missing, String distinct, String min, String max, String mean,
			String topValues) {

		static ColumnRow of(ColumnProfile column) {
			return new ColumnRow(column.name(), column.type().id(), column.missing(),
					column.distinctExact() ? Long.toString(column.distinct()) : "≥ " + column.distinct(),
					number(column.min()), number(column.max()), number(column.mean()),
					column.topValues()
						.stream()
						.map((top) -> top.value() + " (" + top.count() + ")")
						.collect(Collectors.joining(", ")));
		}

		private static String number(@Nullable Number value) {
			if (value == null) {
				return "";
			}
			if (value instanceof Long) {
				return value.toString();
			}
			double number = value.doubleValue();
			if (!Double.isFinite(number)) {
				return Double.toString(number);
			}
			// four significant digits, without trailing zeros: 4.3, 5.843, 0.1
			return new BigDecimal(number).round(new MathContext(4)).stripTrailingZeros().toPlainString();
		}

	}

	/**
	 * The train form as filled in, with its errors by field ({@code form} for the rest).
	 *
	 * @param target the column to predict
	 * @param task auto, classification or regression
	 * @param budget the time budget in seconds, as typed
	 * @param modelName the model to register
	 * @param errors messages by field
	 */
	record TrainForm(String target, String task, String budget, String modelName, Map<String, String> errors) {

	}

}
