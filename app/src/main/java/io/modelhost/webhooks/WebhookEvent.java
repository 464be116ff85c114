package io.modelhost.webhooks;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a webhook can be told about. */
public enum WebhookEvent {

	/** A prediction request answered with success. */
	PREDICTION("prediction"),
	/** A prediction request answered with an error (4xx or 5xx). */
	PREDICTION_ERROR("prediction.error"),
	/** A model was uploaded under a new name. */
	MODEL_CREATED("model.created"),
	/**
	 * A model got a new version, new metadata or status, a moved alias, or was restored.
	 */
	MODEL_UPDATED("model.updated"),
	/** A model was archived or deleted. */
	MODEL_DELETED("model.deleted"),
	/** One of a model's alert thresholds was crossed. */
	ALERT_RAISED("alert.raised"),
	/** A model's captured traffic crossed its drift alert rule. */
	DRIFT_DETECTED("drift.detected"),
	/** A model went unused for the idle period. */
	MODEL_IDLE("model.idle"),
	/** Sent on request, to try a webhook. */
	TEST("test");

	private final String label;

	WebhookEvent(String label) {
		this.label = label;
	}

	/** The name in the API and in payloads, e.g. {@code prediction.error}. */
	@JsonValue
	public String label() {
		return this.label;
	}

	public static Optional<WebhookEvent> of(String label) {
		String wanted = label.strip().toLowerCase(Locale.ROOT);
		for (WebhookEvent event : values()) {
			if (event.label.equals(wanted)) {
				return Optional.of(event);
			}
		}
		return Optional.empty();
	}

}
