package io.modelhost.accounts.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelhost.accounts.Allowance;
import io.modelhost.accounts.LimitOverrides;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A user's holdings and limits as the API shows them: to the user on
 * {@code GET /api/v1/auth/me}, to administrators with the overrides they set.
 */
final class LimitsResponse {

	private LimitsResponse() {
	}

	static Usage usage(Allowance allowance) {
		return new Usage(allowance.holdings().models(), allowance.holdings().storedBytes());
	}

	static Limits limits(Allowance allowance) {
		return new Limits(allowance.limits().maxModels(), allowance.limits().maxStoredBytes());
	}

	static Overrides overrides(LimitOverrides overrides) {
		return new Overrides(label(overrides.maxModels()), label(overrides.maxStoredBytes()));
	}

	private static @Nullable Object label(@Nullable Long override) {
		if (override == null) {
			return null;
		}
		return (override == LimitOverrides.UNLIMITED) ? "unlimited" : override;
	}

	record Usage(@Schema(description = "Models kept, live or archived") long models, @Schema(
			description = "Bytes of files kept: every model version's upload and every dataset") long storedBytes) {

	}

	/** Null is no limit: shown, not left out. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Limits(@Schema(description = "How many models may be kept; null: no limit") @Nullable Long maxModels,
			@Schema(description = "How many bytes of files may be kept; null: no limit") @Nullable Long maxStoredBytes) {

	}

	/** Null follows the server's default: shown, not left out. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Overrides(
			@Schema(description = "The user's own limit on models, 'unlimited', or null for the server's default",
					oneOf = {
							Long.class, String.class }) @Nullable Object maxModels,
			@Schema(description = "The user's own limit on stored bytes, 'unlimited', or null for the server's default",
					oneOf = { Long.class, String.class }) @Nullable Object maxStoredBytes){

	}

	/** What administrators see and set. */
	record UserLimitsResponse(String userId, Usage usage, Limits limits, Overrides overrides, Limits defaults) {

	}

}
