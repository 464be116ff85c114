/**
 * Monitoring's HTTP API: a model's resources, alert rules and alerts under
 * {@code /api/v1/models/{id}}, the platform's resources under {@code /api/v1/admin}.
 */
@NullMarked
package io.modelhost.monitoring.web;

import org.jspecify.annotations.NullMarked;
