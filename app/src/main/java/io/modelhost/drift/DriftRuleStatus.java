package io.modelhost.drift;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A model's drift alert rule and its alert.
 *
 * @param rule the thresholds
 * @param openSince since when its alert is open; null when closed
 */
public record DriftRuleStatus(DriftRule rule, @Nullable Instant openSince) {

}
