package io.modelhost.training.web;

import io.modelhost.training.TrainingJob;
import io.modelhost.training.internal.ImageTrainingParameters;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;

/** A training job as the API shows it: its fields depend on its dataset's kind. */
@Schema(oneOf = { TrainingJobResponse.class, ImageTrainingJobResponse.class },
		description = "A training job; 'kind' says which: tabular or images")
sealed interface TrainingJobView permits TrainingJobResponse, ImageTrainingJobResponse {

	static TrainingJobView of(TrainingJob training, PublicUrls urls) {
		if (ImageTrainingParameters.isImageTraining(training.job().parameters())) {
			return ImageTrainingJobResponse.of(training, urls);
		}
		return TrainingJobResponse.of(training, urls);
	}

}
