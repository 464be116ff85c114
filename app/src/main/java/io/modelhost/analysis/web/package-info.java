/**
 * The analysis module's JSON API: a model's evaluations under
 * {@code /api/v1/models/{id}/evaluations} and {@code /api/v1/evaluations}, comparisons
 * under {@code /api/v1/comparisons}.
 */
@NullMarked
package io.modelhost.analysis.web;

import org.jspecify.annotations.NullMarked;
