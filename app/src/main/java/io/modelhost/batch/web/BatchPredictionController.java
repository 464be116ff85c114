package io.modelhost.batch.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import io.modelhost.accounts.Caller;
import io.modelhost.batch.BatchPrediction;
import io.modelhost.batch.BatchPredictions;
import io.modelhost.batch.BatchPredictions.ResultFormat;
import io.modelhost.datasets.DatasetUpload;
import io.modelhost.jobs.JobId;
import io.modelhost.web.PublicUrls;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Batch predictions: score a whole dataset with a model as a job, follow it, cancel it,
 * stream its result. API keys may use these endpoints, for the models in their scope.
 */
@RestController
@Tag(name = "Batch predictions", description = "Score a whole tabular dataset with a model as a job, and "
		+ "download the predictions as CSV or JSON lines")
class BatchPredictionController {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

	private final BatchPredictions batches;

	private final PublicUrls urls;

	BatchPredictionController(BatchPredictions batches, PublicUrls urls) {
		this.batches = batches;
		this.urls = urls;
	}

	@PostMapping(path = "/api/v1/models/{id}/batch-predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Score one of your tabular datasets with a model",
			description = "Checks the model as its prediction endpoint would (404 for a model you cannot see, 403 "
					+ "for one you may only view, 403 model-out-of-scope for an API key of other models, 403 for a "
					+ "switched-off model, 422 batch-model-not-tabular for a tensor model), fixes the version, and "
					+ "answers 202 with the queued job (Location). Columns are matched to features by name; a row "
					+ "the model refuses (missing feature, missing value it cannot take, wrong type) is reported "
					+ "in the result's error column and does not fail the job. The submission counts as one "
					+ "request against your quota (429 when spent); each scored chunk is one usage record with "
					+ "its rows.")
	ResponseEntity<BatchPredictionResponse> submit(Caller caller, @PathVariable String id,
			@RequestBody BatchPredictionRequest request) {
		BatchPrediction batch = this.batches.submit(caller, id, request.version(),
				(request.datasetId() != null) ? request.datasetId() : "");
		return accepted(batch);
	}

	@PostMapping(path = "/api/v1/models/{id}/batch-predictions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Score a CSV file with a model",
			description = "The file is stored as one of your datasets first (bounded by "
					+ "modelhost.datasets.max-upload-size, checked and profiled as every dataset upload; it stays "
					+ "among your datasets), then scored as with a dataset_id. The model is checked before the "
					+ "file is stored.")
	ResponseEntity<BatchPredictionResponse> submitFile(Caller caller, @PathVariable String id, @Parameter(
			description = "The CSV file, with a header row naming the columns") @RequestPart("file") MultipartFile file,
			@Parameter(description = "The model version to score with") @RequestParam(
					required = false) @Nullable String version) {
		Integer number = (version == null || version.isBlank()) ? null
				: QueryParameters.number("version", version, 1, Integer.MAX_VALUE);
		BatchPrediction batch = this.batches.submit(caller, id, number, DatasetUpload.of(file));
		return accepted(batch);
	}

	@GetMapping("/api/v1/models/{id}/batch-predictions")
	@Operation(summary = "List your batch predictions of a model", description = "Newest first, paginated.")
	BatchPredictionPage list(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		BatchPredictions.Page result = this.batches.list(caller, id, QueryParameters.number("page", page, 0, 1_000_000),
				QueryParameters.number("size", size, 1, 100));
		return new BatchPredictionPage(
				result.batches().stream().map((batch) -> BatchPredictionResponse.of(batch, this.urls)).toList(),
				result.page(), result.size(), result.total());
	}

	@GetMapping("/api/v1/batch-predictions/{id}")
	@Operation(summary = "One of your batch predictions",
			description = "Status, progress (rows done / total), rows_ok, rows_failed, the first refused rows with "
					+ "their reasons, timings and, once it succeeded, result_url.")
	BatchPredictionResponse get(Caller caller, @PathVariable String id) {
		return BatchPredictionResponse.of(this.batches.get(caller, JobId.parse(id)), this.urls);
	}

	@PostMapping("/api/v1/batch-predictions/{id}/cancel")
	@Operation(summary = "Cancel a batch prediction",
			description = "A queued one is cancelled at once (200); a running one stops within 2 seconds (202) and "
					+ "its partial result is deleted. A finished one answers 409 job-finished.")
	ResponseEntity<BatchPredictionResponse> cancel(Caller caller, @PathVariable String id) {
		BatchPrediction batch = this.batches.cancel(caller, JobId.parse(id));
		return ResponseEntity.status(batch.job().status().finished() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.body(BatchPredictionResponse.of(batch, this.urls));
	}

	@GetMapping("/api/v1/batch-predictions/{id}/result")
	@Operation(summary = "Stream a batch prediction's result",
			description = "CSV by default: the input columns, then prediction, one probability_<class> column per "
					+ "class for classifiers, then error (empty unless the row was refused). With Accept: "
					+ "application/x-ndjson, one JSON object per row: row (from 1), prediction, probabilities (by "
					+ "class) and error. 409 batch-result-not-ready until the job succeeded; 410 "
					+ "batch-result-expired after modelhost.batch.retention.")
	ResponseEntity<Resource> result(Caller caller, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		boolean ndjson = accept != null && MediaType.parseMediaTypes(accept)
			.stream()
			.anyMatch((type) -> type.isCompatibleWith(NDJSON) && !type.isWildcardType());
		JobId job = JobId.parse(id);
		Path file = this.batches.result(caller, job, ndjson ? ResultFormat.NDJSON : ResultFormat.CSV);
		return ResponseEntity.ok()
			.contentType(ndjson ? NDJSON : CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("batch-" + job.value() + (ndjson ? ".ndjson" : ".csv"))
						.build()
						.toString())
			.body(new FileSystemResource(file));
	}

	/**
	 * The jobs module's event stream of the job, served in place: one stream
	 * implementation for every kind.
	 */
	@GetMapping(path = "/api/v1/batch-predictions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow a batch prediction as Server-Sent Events",
			description = "The stream of /api/v1/jobs/{id}/events: 'state', 'progress' and a final 'done' "
					+ "({result}), 'failed' or 'cancelled'. Reconnect with Last-Event-ID to resume.")
	void events(Caller caller, @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		JobId job = this.batches.get(caller, JobId.parse(id)).job().id();
		request.getRequestDispatcher("/api/v1/jobs/" + job.value() + "/events").forward(request, response);
	}

	private ResponseEntity<BatchPredictionResponse> accepted(BatchPrediction batch) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/batch-predictions/" + batch.job().id().value()))
			.body(BatchPredictionResponse.of(batch, this.urls));
	}

}
