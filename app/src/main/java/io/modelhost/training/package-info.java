/**
 * Training: a model learnt from one of the user's tabular datasets. A training job (a
 * {@code training} job of the jobs module) cross-validates candidates with the trainer
 * found on the class path ({@code trainer-spi}, ADR 7), registers the winner through the
 * registry's normal admission as a model or a model's next version, and keeps a report
 * (leaderboard, metrics, confusion matrix, feature importance) per version it registered.
 */
@NullMarked
package io.modelhost.training;

import org.jspecify.annotations.NullMarked;
