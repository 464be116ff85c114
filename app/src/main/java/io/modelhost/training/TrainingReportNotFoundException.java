package io.modelhost.training;

/**
 * The model (or the version asked for) was not trained here, or the user cannot see it.
 */
public final class TrainingReportNotFoundException extends TrainingException {

	public TrainingReportNotFoundException(String message) {
		super(message);
	}

}
