package io.modelhost.capture.web;

import java.util.Set;

import io.modelhost.accounts.UserId;
import io.modelhost.capture.Captures;
import io.modelhost.capture.InvalidCaptureRequestException;
import io.modelhost.capture.web.CaptureController.CaptureSettingsRequest;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelSettingsExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Payload capture as the {@code capture} field of {@code PATCH /api/v1/models/{id}}: the
 * same object {@code PUT /api/v1/models/{id}/capture} takes, its problems pointing under
 * {@code /capture}.
 */
@Component
class CaptureSettingsPatch implements ModelSettingsExtension {

	private static final String PREFIX = "capture/";

	private static final Set<String> FIELDS = Set.of("enabled", "sample_rate", "retention_days");

	private final Captures captures;

	CaptureSettingsPatch(Captures captures) {
		this.captures = captures;
	}

	@Override
	public String field() {
		return "capture";
	}

	@Override
	public void apply(UserId user, ModelId model, JsonNode value) {
		this.captures.checkEdit(user, model);
		this.captures.setSettings(user, model, request(value).settings(PREFIX));
	}

	private static CaptureSettingsRequest request(JsonNode value) {
		if (!value.isObject()) {
			throw new InvalidCaptureRequestException("capture",
					"capture must be an object such as {\"enabled\": true, \"sample_rate\": 0.1}");
		}
		for (String name : value.propertyNames()) {
			if (!FIELDS.contains(name)) {
				throw new InvalidCaptureRequestException(PREFIX + name,
						"unknown field '" + name + "'; capture takes enabled, sample_rate and retention_days");
			}
		}
		JsonNode enabled = value.get("enabled");
		if (enabled != null && !enabled.isBoolean()) {
			throw new InvalidCaptureRequestException(PREFIX + "enabled", "enabled must be true or false");
		}
		JsonNode rate = value.get("sample_rate");
		if (rate != null && !rate.isNumber()) {
			throw new InvalidCaptureRequestException(PREFIX + "sample_rate", "sample_rate must be a number in [0, 1]");
		}
		JsonNode days = value.get("retention_days");
		if (days != null && !(days.isIntegralNumber() && days.canConvertToInt())) {
			throw new InvalidCaptureRequestException(PREFIX + "retention_days",
					"retention_days must be a whole number of days, 1 to 365");
		}
		return new CaptureSettingsRequest((enabled != null) ? enabled.booleanValue() : null,
				(rate != null) ? rate.doubleValue() : null, (days != null) ? days.intValue() : null);
	}

}
