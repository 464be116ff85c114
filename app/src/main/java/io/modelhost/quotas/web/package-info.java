/** Applies quotas to the API's requests and writes the rate-limit headers. */
@NullMarked
package io.modelhost.quotas.web;

import org.jspecify.annotations.NullMarked;
