/**
 * The training module's JSON API: training jobs under {@code /api/v1/training-jobs} and a
 * model's training report under {@code /api/v1/models/{id}/training}.
 */
@NullMarked
package io.modelhost.training.web;

import org.jspecify.annotations.NullMarked;
