package io.modelhost.protocols.kserve;

import io.modelhost.protocols.web.ProtocolErrors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the KServe V1 endpoints as {@code {"error": "..."}}. */
@RestControllerAdvice(basePackageClasses = KServeErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class KServeErrors extends ProtocolErrors {

	@Override
	protected Object body(HttpStatusCode status, String message) {
		return new ErrorResponse(message);
	}

}
