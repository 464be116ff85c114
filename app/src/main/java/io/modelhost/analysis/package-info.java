/**
 * Analysis: measuring models on the user's labelled datasets. An evaluation scores one
 * model version on a dataset (metrics, confusion matrix, per-class figures, the worst
 * errors or the residuals); a comparison scores several models on the same rows and says
 * which is best per metric and where they disagree. Both run as jobs of the jobs module,
 * read the dataset as a stream, and score in batches through serving's
 * {@link io.modelhost.serving.Predictor}, the same path and checks as the model's
 * endpoint.
 */
@NullMarked
package io.modelhost.analysis;

import org.jspecify.annotations.NullMarked;
