package io.modelhost.registry.web;

import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.registry.AliasNotFoundException;
import io.modelhost.registry.IncompatibleVersionException;
import io.modelhost.registry.InvalidTrafficException;
import io.modelhost.registry.InvalidDeclarationException;
import io.modelhost.registry.InvalidImageInputException;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.RegistryProperties;
import io.modelhost.registry.ShareException;
import io.modelhost.registry.VersionInProductionException;
import io.modelhost.registry.VersionInUseException;
import io.modelhost.registry.VersionNotFoundException;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** The registry's exceptions, and rejected uploads, as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class RegistryProblems {

	private static final Logger log = LoggerFactory.getLogger(RegistryProblems.class);

	private final RegistryProperties properties;

	RegistryProblems(RegistryProperties properties) {
		this.properties = properties;
	}

	/** The container stopped reading an upload at the limit. */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ProblemDetail uploadTooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request) {
		DataSize limit = this.properties.maxUploadSize();
		return ProblemResponses.withRequestId(request,
				Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
						"The file is larger than the upload limit of " + limit.toMegabytes() + " MB (" + limit.toBytes()
								+ " bytes)."));
	}

	@ExceptionHandler(ModelNotFoundException.class)
	ProblemDetail notFound(ModelNotFoundException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.NOT_FOUND, "model-not-found",
				"Model not found", "You have no model with this id, and none is shared with you."));
	}

	@ExceptionHandler(VersionNotFoundException.class)
	ProblemDetail versionNotFound(VersionNotFoundException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.NOT_FOUND, "version-not-found",
				"Version not found", Problems.sentence(ex.getMessage())));
	}

	@ExceptionHandler(VersionInProductionException.class)
	ProblemDetail inProduction(VersionInProductionException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "version-in-production", "Version in production",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("version", ex.version());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(VersionInUseException.class)
	ProblemDetail inUse(VersionInUseException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "version-in-use", "Version in use",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("version", ex.version());
		if (ex.alias() != null) {
			problem.setProperty("alias", ex.alias());
		}
		if (ex.traffic() != null) {
			problem.setProperty("traffic", ex.traffic());
		}
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(AliasNotFoundException.class)
	ProblemDetail aliasNotFound(AliasNotFoundException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "alias-not-found", "Alias not found",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("alias", ex.alias());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(InvalidTrafficException.class)
	ProblemDetail invalidTraffic(InvalidTrafficException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("errors",
				ex.problems().stream().map((p) -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(IncompatibleVersionException.class)
	ProblemDetail incompatible(IncompatibleVersionException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "incompatible-version", "Incompatible version",
				"Version " + ex.version() + " differs from version " + ex.production()
						+ ", which production serves, where its clients would notice. Send \"force\": true to "
						+ "promote it anyway.");
		problem.setProperty("version", ex.version());
		problem.setProperty("production", ex.production());
		problem.setProperty("differences", ex.differences());
		return ProblemResponses.withRequestId(request, problem);
	}

	/** A model the caller can see, but not with the permission this needs. */
	@ExceptionHandler(NotPermittedException.class)
	ProblemDetail notPermitted(NotPermittedException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "insufficient-permission",
				"Not permitted on this model", Problems.sentence(ex.getMessage()));
		problem.setProperty("needed", ex.needed().label());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(ModelInactiveException.class)
	ProblemDetail inactive(ModelInactiveException ex, HttpServletRequest request) {
		return ProblemResponses.withRequestId(request, Problems.of(HttpStatus.FORBIDDEN, "model-inactive",
				"Model inactive", Problems.sentence(ex.getMessage())));
	}

	@ExceptionHandler(ShareException.class)
	ProblemDetail share(ShareException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex.reason()) {
			case NOT_SHARED -> Problems.of(HttpStatus.NOT_FOUND, "share-not-found", "Share not found",
					Problems.sentence(ex.getMessage()));
			case SELF -> Problems.of(HttpStatus.BAD_REQUEST, "self-share", "Cannot share with yourself",
					Problems.sentence(ex.getMessage()));
		};
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(InvalidModelMetadataException.class)
	ProblemDetail invalid(InvalidModelMetadataException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				ex.getMessage());
		problem.setProperty("errors", List.of(Map.of("pointer", "/" + ex.field(), "detail", ex.getMessage())));
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(InvalidImageInputException.class)
	ProblemDetail invalidImageInput(InvalidImageInputException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-image-input", "Invalid image input",
				Problems.sentence(ex.getMessage()));
		problem.setProperty("errors",
				ex.problems().stream().map((p) -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
		return ProblemResponses.withRequestId(request, problem);
	}

	@ExceptionHandler(InvalidDeclarationException.class)
	ProblemDetail invalidDeclaration(InvalidDeclarationException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-declaration",
				"Invalid feature names or input example", Problems.sentence(ex.getMessage()));
		problem.setProperty("errors",
				ex.problems().stream().map((p) -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
		return ProblemResponses.withRequestId(request, problem);
	}

	/**
	 * A model that needs more memory than loaded models may hold: refused at upload, and
	 * at a prediction that would load it (the budget may have shrunk since).
	 */
	@ExceptionHandler(InsufficientMemoryException.class)
	ProblemDetail insufficientMemory(InsufficientMemoryException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-memory",
				"Not enough memory for the model", Problems.sentence(ex.getMessage()));
		problem.setProperty("neededBytes", ex.neededBytes());
		problem.setProperty("budgetBytes", ex.budgetBytes());
		return ProblemResponses.withRequestId(request, problem);
	}

	/** A model file that was refused at upload: what phase, why, and what to do. */
	@ExceptionHandler(ModelRejectedException.class)
	ProblemDetail rejected(ModelRejectedException ex, HttpServletRequest request) {
		log.debug("Upload rejected in phase {}: {}", ex.phase(), ex.getMessage());
		ProblemDetail problem = switch (ex.kind()) {
			case UNSAFE -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unsafe-model", "Unsafe model file",
					Problems.sentence(ex.getMessage()));
			case UNSUPPORTED -> (ex.phase() == ModelRejectedException.Phase.DETECT)
					? Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-format", "Unsupported model format",
							Problems.sentence(ex.getMessage()))
					: Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-model", "Unsupported model",
							Problems.sentence(ex.getMessage()));
			case INVALID -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-model", "Invalid model file",
					Problems.sentence(ex.getMessage()));
			case TOO_LARGE -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "model-too-large", "Model too large",
					Problems.sentence(ex.getMessage()));
			case TIMED_OUT -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "model-too-slow", "Model took too long",
					Problems.sentence(ex.getMessage()));
		};
		problem.setProperty("phase", ex.phase().label());
		if (ex.hint() != null) {
			problem.setProperty("hint", ex.hint());
		}
		if (!ex.offendingImports().isEmpty()) {
			problem.setProperty("offendingImports", ex.offendingImports());
		}
		return ProblemResponses.withRequestId(request, problem);
	}

}
