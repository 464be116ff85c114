/** The audit log's HTTP API: {@code GET /api/v1/audit}. */
@NullMarked
package io.modelhost.audit.web;

import org.jspecify.annotations.NullMarked;
