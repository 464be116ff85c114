package io.modelhost.trainer;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One finished pass over the training pictures.
 *
 * @param epoch 1-based
 * @param trainLoss the mean training loss over the epoch (penalty included)
 * @param trainAccuracy the training accuracy over the epoch
 * @param validationLoss the validation loss after the epoch; null without a validation
 * split
 * @param validationAccuracy the validation accuracy after the epoch; null without a
 * validation split
 * @param duration how long the epoch took, validation included
 */
public record EpochReport(int epoch, double trainLoss, double trainAccuracy, @Nullable Double validationLoss,
		@Nullable Double validationAccuracy, Duration duration) {

}
