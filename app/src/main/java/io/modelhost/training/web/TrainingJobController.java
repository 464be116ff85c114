package io.modelhost.training.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobPage;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingJob;
import io.modelhost.training.TrainingOrder;
import io.modelhost.web.PublicUrls;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Training jobs: train a model from one of your datasets, follow it, cancel it. */
@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = "Training", description = "Train a model from one of your datasets: a cross-validated search, a "
		+ "leaderboard, and the winner registered as a model with an endpoint")
class TrainingJobController {

	private final Training training;

	private final PublicUrls urls;

	TrainingJobController(Training training, PublicUrls urls) {
		this.training = training;
		this.urls = urls;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start a training job",
			description = "For a tabular dataset: searches models for the target column with cross-validation "
					+ "within the time budget, refits the best on every row and registers it as model_name (a new "
					+ "model, or the next version of your model of that name). For an image dataset: trains a "
					+ "convolutional classifier of its labels for the epochs asked (a seeded, stratified "
					+ "train/validation/test split; the best epoch by validation loss is kept), reports each epoch, "
					+ "and registers it as an ONNX model whose endpoint takes pictures. Answers 202 with the "
					+ "queued job; follow it at its events_url. Every problem of the request is listed.")
	ResponseEntity<TrainingJobView> submit(Caller caller, @RequestBody TrainingJobRequest request) {
		Job job = this.training.submit(caller.userId(),
				new TrainingOrder(orEmpty(request.datasetId()), orEmpty(request.target()), orEmpty(request.modelName()),
						QueryParameters.blankToNull(request.task()), QueryParameters.blankToNull(request.metric()),
						request.timeBudgetS(), request.folds(),
						(request.excludeColumns() != null) ? request.excludeColumns() : List.of(), request.seed(),
						request.imageOptions()));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/training-jobs/" + job.id().value()))
			.body(TrainingJobView.of(TrainingJob.of(job), this.urls));
	}

	@GetMapping
	@Operation(summary = "List your training jobs", description = "Newest first, paginated.")
	TrainingJobPage list(Caller caller, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		JobPage result = this.training.list(caller.userId(), QueryParameters.number("page", page, 0, 1_000_000),
				QueryParameters.number("size", size, 1, 100));
		return new TrainingJobPage(
				result.jobs().stream().map((job) -> TrainingJobView.of(TrainingJob.of(job), this.urls)).toList(),
				result.page(), result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One training job",
			description = "Status, progress, stage, the leaderboard (filling in while it runs), and once it "
					+ "succeeded the best candidate and the registered model's id, version and endpoint.")
	TrainingJobView get(Caller caller, @PathVariable String id) {
		return TrainingJobView.of(this.training.get(caller.userId(), JobId.parse(id)), this.urls);
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a training job",
			description = "A queued job is cancelled at once (200); a running one stops within 2 seconds (202) "
					+ "and registers no model. A finished job answers 409.")
	ResponseEntity<TrainingJobView> cancel(Caller caller, @PathVariable String id) {
		Job job = this.training.cancel(caller.userId(), JobId.parse(id));
		return ResponseEntity.status(job.status().finished() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.body(TrainingJobView.of(TrainingJob.of(job), this.urls));
	}

	/**
	 * The jobs module's event stream of the job, served in place: one stream
	 * implementation for every kind.
	 */
	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow a training job as Server-Sent Events",
			description = "The stream of /api/v1/jobs/{id}/events: 'state', 'progress', a 'candidate' event per "
					+ "cross-validated candidate ({algorithm, params, cv_metrics, fit_seconds}) or, for an image "
					+ "training, an 'epoch' event per epoch ({epoch, train_loss, train_accuracy, val_loss, "
					+ "val_accuracy, seconds}), and a final "
					+ "'done' ({result}), 'failed' or 'cancelled'. Reconnect with Last-Event-ID to resume.")
	void events(Caller caller, @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		JobId jobId = this.training.training(caller.userId(), JobId.parse(id)).id();
		request.getRequestDispatcher("/api/v1/jobs/" + jobId.value() + "/events").forward(request, response);
	}

	private static String orEmpty(@org.jspecify.annotations.Nullable String value) {
		return (value != null) ? value : "";
	}

}
