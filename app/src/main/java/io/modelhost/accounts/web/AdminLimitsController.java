package io.modelhost.accounts.web;

import java.util.Locale;

import io.modelhost.accounts.Allowance;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.LimitOverrides;
import io.modelhost.accounts.UserAdministration;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.accounts.UserNotFoundException;
import io.modelhost.accounts.web.LimitsResponse.UserLimitsResponse;
import io.modelhost.web.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators' view and overrides of a user's limits on models and stored bytes. Only
 * administrators get here (the security configuration answers 403 to everyone else).
 */
@RestController
@RequestMapping("/api/v1/admin/users/{id}/limits")
@Tag(name = "Administration", description = "Users and their roles; administrators only")
class AdminLimitsController {

	private static final String USER_ID = "[0-9a-f-]{36}";

	private final UserLimits limits;

	private final UserAdministration administration;

	AdminLimitsController(UserLimits limits, UserAdministration administration) {
		this.limits = limits;
		this.administration = administration;
	}

	@GetMapping
	@Operation(summary = "A user's limits and what they keep",
			description = "usage counts their models (live or archived) and the bytes of every model version's "
					+ "upload and dataset; limits are those that hold (null: no limit); overrides what an "
					+ "administrator set (null: the server's default, modelhost.accounts.limits).")
	UserLimitsResponse get(@PathVariable String id) {
		UserId user = userId(id);
		this.administration.get(user);
		return response(user, this.limits.allowance(user));
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a user's own limits",
			description = "Replaces both overrides. Each is a number (max_stored_bytes also a size such as "
					+ "\"500MB\" or \"2GB\"), \"unlimited\", or null or left out to follow the server's default. "
					+ "Lowering a limit below what the user keeps deletes nothing: their next new model or upload "
					+ "is refused.")
	UserLimitsResponse set(Caller caller, @PathVariable String id, @RequestBody LimitsRequest request) {
		UserId user = userId(id);
		var overrides = new LimitOverrides(count("max_models", request.maxModels()),
				bytes("max_stored_bytes", request.maxStoredBytes()));
		return response(user, this.limits.override(caller.userId(), user, overrides));
	}

	private UserLimitsResponse response(UserId user, Allowance allowance) {
		io.modelhost.accounts.Limits defaults = this.limits.defaults();
		return new UserLimitsResponse(user.value(), LimitsResponse.usage(allowance), LimitsResponse.limits(allowance),
				LimitsResponse.overrides(allowance.overrides()),
				new LimitsResponse.Limits(defaults.maxModels(), defaults.maxStoredBytes()));
	}

	private static @Nullable Long count(String field, @Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (unlimited(value)) {
			return LimitOverrides.UNLIMITED;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
			throw new InvalidParameterException(field, field + " must be a whole number >= 0, \"unlimited\" or null");
		}
		return value.asLong();
	}

	private static @Nullable Long bytes(String field, @Nullable JsonNode value) {
		if (value != null && value.isString() && !unlimited(value)) {
			try {
				DataSize size = DataSize.parse(value.asString().strip());
				if (size.toBytes() >= 0) {
					return size.toBytes();
				}
			}
			catch (IllegalArgumentException ex) {
				// answered below
			}
			throw new InvalidParameterException(field,
					field + " must be a number of bytes >= 0, a size such as \"500MB\", \"unlimited\" or null");
		}
		return count(field, value);
	}

	private static boolean unlimited(JsonNode value) {
		return value.isString() && value.asString().strip().toLowerCase(Locale.ROOT).equals("unlimited");
	}

	private static UserId userId(String id) {
		if (!id.matches(USER_ID)) {
			throw new UserNotFoundException();
		}
		return new UserId(id);
	}

	record LimitsRequest(
			@Schema(description = "How many models the user may keep: a number, \"unlimited\", or null for the "
					+ "server's default",
					oneOf = {
							Long.class, String.class }) @Nullable JsonNode maxModels,
			@Schema(description = "How many bytes of files the user may keep: a number, a size (\"500MB\"), "
					+ "\"unlimited\", or null for the server's default",
					oneOf = { Long.class, String.class }) @Nullable JsonNode maxStoredBytes){

	}

}
