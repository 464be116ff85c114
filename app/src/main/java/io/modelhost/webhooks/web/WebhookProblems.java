package io.modelhost.webhooks.web;

import java.util.List;
import java.util.Map;

import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import io.modelhost.webhooks.InvalidWebhookException;
import io.modelhost.webhooks.WebhookException;
import io.modelhost.webhooks.WebhookLimitException;
import io.modelhost.webhooks.WebhookNotFoundException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The webhooks module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class WebhookProblems {

	@ExceptionHandler(WebhookException.class)
	ResponseEntity<ProblemDetail> handle(WebhookException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case WebhookNotFoundException missing -> Problems.of(HttpStatus.NOT_FOUND, "webhook-not-found",
					"Webhook not found", "You have no webhook with this id.");
			case InvalidWebhookException invalid -> {
				ProblemDetail bad = Problems.of(HttpStatus.BAD_REQUEST, "invalid-webhook", "Invalid webhook",
						Problems.sentence(invalid.getMessage()));
				bad.setProperty("errors",
						List.of(Map.of("pointer", "/" + invalid.field(), "detail", invalid.getMessage())));
				yield bad;
			}
			case WebhookLimitException limit -> {
				ProblemDetail full = Problems.of(HttpStatus.CONFLICT, "webhook-limit-reached", "Webhook limit reached",
						Problems.sentence(limit.getMessage()));
				full.setProperty("limit", limit.limit());
				yield full;
			}
		};
		return ResponseEntity.status(problem.getStatus()).body(ProblemResponses.withRequestId(request, problem));
	}

}
