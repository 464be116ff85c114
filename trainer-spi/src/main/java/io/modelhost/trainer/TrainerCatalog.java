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

	private final List<ImageTrainer> imageTrainers;

	public TrainerCatalog(List<Trainer> trainers, List<ImageTrainer> imageTrainers) {
		this.trainers = List.copyOf(trainers);
		this.imageTrainers = List.copyOf(imageTrainers);
	}

	/** The trainers registered with {@link ServiceLoader} on the given class loader. */
	public static TrainerCatalog discover(ClassLoader classLoader) {
		var found = new ArrayList<Trainer>();
		ServiceLoader.load(Trainer.class, classLoader).forEach(found::add);
		var images = new ArrayList<ImageTrainer>();
		ServiceLoader.load(ImageTrainer.class, classLoader).forEach(images::add);
		return new TrainerCatalog(found, images);
	}

	public List<Trainer> trainers() {
		return this.trainers;
	}

	/** The first image trainer, if one is available. */
	public Optional<ImageTrainer> imageTrainer() {
		return this.imageTrainers.stream().findFirst();
	}

	/** The first trainer that accepts the request. */
	public Optional<Trainer> trainerFor(TrainingRequest request) {
		return this.trainers.stream().filter((trainer) -> trainer.accepts(request)).findFirst();
	}

}
