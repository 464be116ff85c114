package io.modelhost.protocols.mlflow;

import io.modelhost.protocols.web.ProtocolErrors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the MLflow scoring endpoint as MLflow's server answers them:
 * {@code {"error_code": "...", "message": "..."}}, with MLflow's error codes.
 */
@RestControllerAdvice(basePackageClasses = MlflowErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrors extends ProtocolErrors {

	@Override
	protected Object body(HttpStatusCode status, String message) {
		return new MlflowErrorResponse(errorCode(status), message);
	}

	private static String errorCode(HttpStatusCode status) {
		return switch (status.value()) {
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "PERMISSION_DENIED";
			case 404 -> "RESOURCE_DOES_NOT_EXIST";
			case 503 -> "TEMPORARILY_UNAVAILABLE";
			case 504 -> "DEADLINE_EXCEEDED";
			case 507 -> "RESOURCE_EXHAUSTED";
			default -> status.is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR";
		};
	}

}
