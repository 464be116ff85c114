/**
 * Accounts: users, their passwords and tokens, API keys, and who is calling. Other
 * modules see the caller as a {@link io.modelhost.accounts.Caller} and users as
 * {@link io.modelhost.accounts.UserId}s.
 */
@NullMarked
package io.modelhost.accounts;

import org.jspecify.annotations.NullMarked;
