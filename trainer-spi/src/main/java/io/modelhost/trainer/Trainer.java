package io.modelhost.trainer;

/**
 * A trainer family: searches models for a dataset and writes the best one as a file an
 * engine serves.
 *
 * <p>
 * Implementations are registered with {@link java.util.ServiceLoader} and must have a
 * public no-argument constructor. One instance serves every training: {@link #train} may
 * run on several threads at once for different requests and keeps no state between calls.
 */
public interface Trainer {

	/** A stable identifier, e.g. {@code tabular}. */
	String id();

	/**
	 * Whether this trainer can learn the request's target from its dataset (a tabular
	 * trainer takes any tabular source; an image trainer takes none).
	 */
	boolean accepts(TrainingRequest request);

	/**
	 * Trains. Blocks the calling thread until the result is written, the budget runs out
	 * (the best candidate so far is then refitted), or the monitor cancels.
	 *
	 * <p>
	 * When the request gives no task it is inferred from the target column: a category,
	 * boolean or text target is classification; a number target is regression; an integer
	 * target is classification when it has at most 20 distinct values, else regression.
	 * @param request what to train
	 * @param monitor receives progress and each finished candidate; polled for
	 * cancellation
	 * @return the leaderboard and the written model file
	 * @throws InvalidTrainingRequestException when the request cannot be trained as asked
	 * (unknown target, a target with one value, a metric of the other task ...); nothing
	 * is written
	 * @throws TrainingCancelledException when the monitor asked to stop; nothing is
	 * written
	 * @throws TrainingFailedException when the dataset cannot be read or every candidate
	 * failed
	 */
	TrainingResult train(TrainingRequest request, TrainingMonitor monitor);

}
