package io.modelhost.batch.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.modelhost.FileTrees;
import io.modelhost.ModelhostProperties;
import io.modelhost.jobs.JobId;
import io.modelhost.registry.ModelDeleted;
import io.modelhost.registry.ModelId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where results are written: {@code <data-dir>/batch/<model>/<job>/result.csv} and
 * {@code result.ndjson}. A model's results go with the model; a result goes
 * {@code modelhost.batch.retention} after its job finished.
 */
@Component
public class BatchFiles {

	private static final Logger log = LoggerFactory.getLogger(BatchFiles.class);

	private final Path root;

	private final BatchStore store;

	private final Clock clock;

	BatchFiles(ModelhostProperties properties, BatchStore store, Clock clock) {
		this.root = properties.dataDir().resolve("batch").toAbsolutePath().normalize();
		this.store = store;
		this.clock = clock;
	}

	Path directory(ModelId model, JobId job) {
		return this.root.resolve(model.value()).resolve(job.value());
	}

	/** The CSV result of a job. */
	public Path csv(ModelId model, JobId job) {
		return directory(model, job).resolve("result.csv");
	}

	/** The JSON lines result of a job. */
	public Path ndjson(ModelId model, JobId job) {
		return directory(model, job).resolve("result.ndjson");
	}

	void delete(ModelId model, JobId job) {
		FileTrees.deleteQuietly(directory(model, job));
	}

	@EventListener
	void on(ModelDeleted deleted) {
		Path directory = this.root.resolve(deleted.id().value());
		if (Files.isDirectory(directory)) {
			FileTrees.deleteQuietly(directory);
		}
	}

	/**
	 * Deletes the results whose retention is over: every 10 minutes, once across replicas
	 * ({@link ExpiredResults}).
	 */
	public void deleteExpired() {
		for (BatchStore.Expired expired : this.store.expired(this.clock.instant())) {
			delete(expired.model(), expired.job());
			this.store.resultDeleted(expired.job());
			log.info("Deleted the result of batch prediction {} (retention over)", expired.job());
		}
	}

}
