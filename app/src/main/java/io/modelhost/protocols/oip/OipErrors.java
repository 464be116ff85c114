package io.modelhost.protocols.oip;

import io.modelhost.protocols.web.ProtocolErrors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the Open Inference Protocol endpoints as {@code {"error": "..."}}. */
@RestControllerAdvice(basePackageClasses = OipErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OipErrors extends ProtocolErrors {

	@Override
	protected Object body(HttpStatusCode status, String message) {
		return new ErrorResponse(message);
	}

}
