package io.modelhost.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The trainers available to this process.
 */
public final class TrainerCatalog {

	private final List<Trainer> trainers;

	public TrainerCatalog(List<Trainer> trainers) {
		this.trainers = List.copyOf(trainers);
	}

	/** The trainers registered with {@link ServiceLoader} on the given class loader. */
	public static TrainerCatalog discover(ClassLoader classLoader) {
		var found = new ArrayList<Trainer>();
		ServiceLoader.load(Trainer.class, classLoader).forEach(found::add);
		return new TrainerCatalog(found);
	}

	public List<Trainer> trainers() {
		return this.trainers;
	}

	/** The first trainer that accepts the request. */
	public Optional<Trainer> trainerFor(TrainingRequest request) {
		return this.trainers.stream().filter((trainer) -> trainer.accepts(request)).findFirst();
	}

}
