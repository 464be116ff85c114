package io.modelhost.datasets.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.DatasetTooLargeException;
import io.modelhost.datasets.ImageNotFoundException;
import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetRequestException;
import io.modelhost.datasets.WrongDatasetKindException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The datasets module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class DatasetProblems {

	private static final Logger log = LoggerFactory.getLogger(DatasetProblems.class);

	@ExceptionHandler(DatasetNotFoundException.class)
	ProblemDetail notFound(DatasetNotFoundException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.NOT_FOUND, "dataset-not-found",
				"Dataset not found", "You have no dataset with this id."));
	}

	@ExceptionHandler(InvalidDatasetRequestException.class)
	ProblemDetail invalidRequest(InvalidDatasetRequestException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("errors", List.of(Map.of("pointer", "/" + ex.field(), "detail", ex.getMessage())));
		return ProblemResponses.withRequestId(request, problem);
	}

	/** The same type as a model file over its limit, with the datasets' limit. */
	@ExceptionHandler(DatasetTooLargeException.class)
	ProblemDetail tooLarge(DatasetTooLargeException ex, HttpServletRequest request) {
		DataSize limit = ex.limit();
		return ProblemResponses.withRequestId(request,
				Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
						"The file is larger than the dataset upload limit of " + limit.toMegabytes() + " MB ("
								+ limit.toBytes() + " bytes)."));
	}

	@ExceptionHandler(WrongDatasetKindException.class)
	ProblemDetail wrongKind(WrongDatasetKindException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.CONFLICT, "wrong-dataset-kind",
				"Wrong kind of dataset", Problems.sentence(ex.getMessage())));
	}

	@ExceptionHandler(ImageNotFoundException.class)
	ProblemDetail imageNotFound(ImageNotFoundException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.NOT_FOUND, "image-not-found",
				"Image not found", Problems.sentence(ex.getMessage())));
	}

	/**
	 * A file that is not a dataset of its kind: the first problems with their lines (a
	 * CSV's) or entries (a zip's), and a count.
	 */
	@ExceptionHandler(InvalidDatasetException.class)
	ProblemDetail invalid(InvalidDatasetException ex, HttpServletRequest request) {
		log.debug("Dataset refused: {}", ex.getMessage());
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-dataset", "Invalid dataset",
				Problems.sentence(ex.getMessage()));
		if (ex.problems().getFirst().line() > 0) {
			problem.setProperty("line", ex.problems().getFirst().line());
		}
		problem.setProperty("errors", ex.problems().stream().map(DatasetProblems::error).toList());
		problem.setProperty("errorCount", ex.problemCount());
		return ProblemResponses.withRequestId(request, problem);
	}

	/** One problem: {@code entry} (a zip's) and {@code line} when known, and a detail. */
	private static Map<String, Object> error(InvalidDatasetException.Problem problem) {
		var error = new LinkedHashMap<String, Object>();
		if (problem.entry() != null) {
			error.put("entry", problem.entry());
		}
		if (problem.line() > 0) {
			error.put("line", problem.line());
		}
		error.put("detail", Problems.sentence(problem.message()));
		return error;
	}

}
