package io.modelhost.training.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.modelhost.accounts.ModelLimitReachedException;
import io.modelhost.accounts.StorageLimitReachedException;
import io.modelhost.engine.EngineException;
import io.modelhost.jobs.JobCancelledException;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.registry.Incompatibility;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.RegistryException;
import io.modelhost.registry.Upload;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.Uploaded;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.ModelArtifact;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingFailedException;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every kind of training does around its trainer: the trainer's outcome mapped onto
 * the job's, and the file it wrote admitted through the registry like an upload unless
 * the job was cancelled meanwhile.
 */
final class Registration {

	/** The training's share of the job's progress; admission takes the rest. */
	static final double TRAINING_SHARE = 0.95;

	private Registration() {
	}

	/**
	 * Runs a trainer: a cancelled training cancels the job, a refused or failed one fails
	 * it with the trainer's message.
	 */
	static <R> R train(Supplier<R> training) {
		try {
			return training.get();
		}
		catch (TrainingCancelledException ex) {
			throw new JobCancelledException();
		}
		catch (InvalidTrainingRequestException | TrainingFailedException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
	}

	/**
	 * Admits the trained file as {@code modelName}: a new model, or the next version of
	 * the owner's model of that name. A job cancelled while the registry admitted it ends
	 * cancelled, and a model it made is taken back (a new version of an existing model
	 * stays).
	 * @throws JobFailedException when the registry refuses the file, or the owner's
	 * limits leave no room for it
	 * @throws JobCancelledException when the job was cancelled
	 */
	static Uploaded register(ModelRegistry registry, JobContext context, String modelName, String description,
			ModelArtifact artifact, UploadDeclarations declarations) {
		context.throwIfCancelled();
		context.progress(TRAINING_SHARE, "registering the model as '" + modelName + "'");
		String filename = modelName.replaceAll("[^A-Za-z0-9._-]+", "_") + "." + artifact.formatId();
		Uploaded uploaded;
		try {
			uploaded = registry.upload(context.owner(), modelName, description,
					new FileUpload(artifact.file(), filename), declarations);
		}
		catch (EngineException | RegistryException | InsufficientMemoryException | ModelLimitReachedException
				| StorageLimitReachedException ex) {
			throw new JobFailedException("the trained model could not be registered: " + ex.getMessage(), ex);
		}
		if (context.cancelled() && uploaded.newModel()) {
			registry.delete(context.owner(), uploaded.model().id());
			throw new JobCancelledException();
		}
		context.progress(1.0, "registered as '" + modelName + "' version " + uploaded.version().number());
		return uploaded;
	}

	/** Adds the registered model to a job's outcome. */
	static ObjectNode withModel(ObjectNode outcome, Uploaded uploaded) {
		outcome.put("model_id", uploaded.model().id().value())
			.put("model_version", uploaded.version().number())
			.put("new_model", uploaded.newModel());
		Incompatibility incompatibility = uploaded.version().incompatibility();
		if (incompatibility != null) {
			// production stays on the version it served; the owner promotes with force
			incompatibility.differences().forEach(outcome.putArray("incompatibilities")::add);
		}
		return outcome;
	}

	/** The trained file, handed to the registry like an upload. */
	private record FileUpload(Path file, String filename) implements Upload {

		@Override
		public void transferTo(Path target) throws IOException {
			Files.copy(this.file, target);
		}

	}

}
