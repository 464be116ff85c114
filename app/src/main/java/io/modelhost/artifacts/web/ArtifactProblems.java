package io.modelhost.artifacts.web;

import io.modelhost.artifacts.ArtifactException;
import io.modelhost.artifacts.DamagedFileException;
import io.modelhost.artifacts.ExportNotAvailableException;
import io.modelhost.artifacts.InvalidBundleException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The artifacts module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class ArtifactProblems {

	private static final Logger log = LoggerFactory.getLogger(ArtifactProblems.class);

	@ExceptionHandler(ArtifactException.class)
	ResponseEntity<ProblemDetail> handle(ArtifactException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case ExportNotAvailableException unavailable -> Problems.of(HttpStatus.CONFLICT, "export-not-available",
					"Export not available", Problems.sentence(unavailable.getMessage()));
			case InvalidBundleException invalid -> Problems.of(HttpStatus.BAD_REQUEST, "invalid-bundle",
					"Invalid bundle", Problems.sentence(invalid.getMessage()));
			case DamagedFileException damaged -> {
				log.error("Export refused: {}", damaged.getMessage());
				ProblemDetail refused = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "model-file-damaged",
						"Model file damaged", Problems.sentence(damaged.getMessage()));
				refused.setProperty("version", damaged.version());
				yield refused;
			}
		};
		log.debug("Artifact request refused: {}", ex.getMessage());
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
