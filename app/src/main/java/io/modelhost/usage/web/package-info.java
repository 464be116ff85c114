/**
 * The usage statistics' HTTP API: {@code GET /api/v1/models/{id}/stats}, {@code GET
 * /api/v1/models/{id}/stats/errors} and {@code GET /api/v1/stats/models}.
 */
@NullMarked
package io.modelhost.usage.web;

import org.jspecify.annotations.NullMarked;
