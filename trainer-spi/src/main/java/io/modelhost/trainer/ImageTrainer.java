package io.modelhost.trainer;

/**
 * A trainer of image classifiers. Registered with {@link java.util.ServiceLoader} with a
 * public no-argument constructor, like {@link Trainer}; one instance serves every
 * training and keeps no state between calls.
 */
public interface ImageTrainer {

	/** A stable identifier, e.g. {@code images}. */
	String id();

	/**
	 * Trains. Blocks the calling thread until the model file is written or the monitor
	 * cancels (checked at least every batch). Reports each epoch to
	 * {@link TrainingMonitor#epochFinished} and progress as the fraction of epochs done.
	 * @throws InvalidTrainingRequestException when the dataset cannot be trained as asked
	 * (fewer than two classes, a class too small for the splits); nothing is written
	 * @throws TrainingCancelledException when the monitor asked to stop; nothing is
	 * written
	 * @throws TrainingFailedException when the pictures cannot be read or training fails
	 */
	ImageTrainingResult train(ImageTrainingRequest request, TrainingMonitor monitor);

}
