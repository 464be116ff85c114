/**
 * Webhooks: users register URLs for events of their models (predictions, prediction
 * errors, models created, updated or deleted, alerts raised, models gone idle) and get
 * them as signed JSON POSTs, delivered off the request path with retries, and logged.
 */
@NullMarked
package io.modelhost.webhooks;

import org.jspecify.annotations.NullMarked;
