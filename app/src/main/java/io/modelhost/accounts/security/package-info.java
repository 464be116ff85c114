/**
 * How callers prove who they are: bearer access tokens (JWT, HS256 pinned) and API keys
 * ({@code X-API-Key}). Failures answer as problem details.
 */
@NullMarked
package io.modelhost.accounts.security;

import org.jspecify.annotations.NullMarked;
