package io.modelhost.accounts;

/**
 * Where a user stands against their limits.
 *
 * @param holdings what they keep
 * @param limits the limits that hold for them
 * @param overrides what an administrator set for them (none: the defaults hold)
 */
public record Allowance(Holdings holdings, Limits limits, LimitOverrides overrides) {

}
