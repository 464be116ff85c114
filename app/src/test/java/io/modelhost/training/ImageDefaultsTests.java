package io.modelhost.training;

import io.modelhost.trainer.images.ImageTrainerDefaults;
import io.modelhost.training.internal.ImageTrainingParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults the API fills in are the ones the image trainer was measured with
 * (benchmarks/training/images): the application keeps its own copy because it must not
 * compile against the trainer, so this test holds the two together.
 */
class ImageDefaultsTests {

	@Test
	void areTheTrainersMeasuredDefaults() {
		ImageOptions defaults = ImageTrainingParameters.DEFAULTS;
		assertThat(defaults.epochs()).isEqualTo(ImageTrainerDefaults.EPOCHS);
		assertThat(defaults.batchSize()).isEqualTo(ImageTrainerDefaults.BATCH_SIZE);
		assertThat(defaults.learningRate()).isEqualTo(ImageTrainerDefaults.LEARNING_RATE);
		assertThat(defaults.validationSplit()).isEqualTo(ImageTrainerDefaults.VALIDATION_SPLIT);
		assertThat(defaults.testSplit()).isEqualTo(ImageTrainerDefaults.TEST_SPLIT);
		assertThat(defaults.augmentation()).isEqualTo(ImageTrainerDefaults.AUGMENTATION);
		assertThat(defaults.dropout()).isEqualTo(ImageTrainerDefaults.DROPOUT);
		assertThat(defaults.weightDecay()).isEqualTo(ImageTrainerDefaults.WEIGHT_DECAY);
		assertThat(defaults.loss()).isEqualTo(ImageTrainerDefaults.LOSS.label());
		assertThat(defaults.patience()).isEqualTo(ImageTrainerDefaults.PATIENCE);
	}

}
