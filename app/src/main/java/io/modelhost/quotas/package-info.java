/**
 * Quotas: token buckets per API key, per user and, for anonymous requests, per client
 * address. Over a quota a request gets 429; every response says where the caller stands.
 */
@NullMarked
package io.modelhost.quotas;

import org.jspecify.annotations.NullMarked;
