/**
 * Drift: how far what a model is asked now has moved from what it learned from. Each
 * model has a reference dataset (the one it was trained on here, or one its owner sets);
 * drift compares captured inputs of a time window, or a given dataset, with it, feature
 * by feature (Kolmogorov-Smirnov for numbers, chi-squared for categories, and the
 * population stability index for both), and the predictions too.
 */
@NullMarked
package io.modelhost.drift;

import org.jspecify.annotations.NullMarked;
