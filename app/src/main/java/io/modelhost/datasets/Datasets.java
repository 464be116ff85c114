package io.modelhost.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Stream;

import io.modelhost.UserText;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserDeleting;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.datasets.internal.DatasetFiles;
import io.modelhost.datasets.internal.DatasetStore;
import io.modelhost.datasets.internal.ImageArchive;
import io.modelhost.datasets.internal.PictureIndex;
import io.modelhost.datasets.internal.TabularProfiler;
import io.modelhost.datasets.internal.TabularRows;
import io.modelhost.datasets.internal.Thumbnails;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.IdGenerator;
import org.springframework.util.unit.DataSize;

/**
 * Users' datasets: upload (check, profile, store), list, read, preview, delete, and what
 * a trainer reads: the typed rows of a CSV, the labelled pictures of an image dataset.
 * Every method takes the user asking: a dataset is its owner's alone, and anyone else's
 * lookup finds nothing ({@link DatasetNotFoundException}).
 */
@Service
public class Datasets {

	private static final Logger log = LoggerFactory.getLogger(Datasets.class);

	private static final int MAX_NAME = 100;

	private static final int MAX_DESCRIPTION = 2000;

	private final DatasetStore store;

	private final DatasetFiles files;

	private final Clock clock;

	private final IdGenerator ids;

	private final ApplicationEventPublisher events;

	private final DatasetsProperties properties;

	private final TabularProfiler profiler;

	private final UserLimits limits;

	Datasets(DatasetStore store, DatasetFiles files, Clock clock, IdGenerator ids, ApplicationEventPublisher events,
			DatasetsProperties properties, UserLimits limits) {
		this.store = store;
		this.files = files;
		this.clock = clock;
		this.ids = ids;
		this.events = events;
		this.properties = properties;
		this.profiler = new TabularProfiler(properties.maxColumns());
		this.limits = limits;
	}

	/**
	 * Checks an uploaded CSV or zip of pictures, profiles it and stores it as a new
	 * dataset of the owner's: a zip (by its name or its first bytes) is an image dataset,
	 * anything else a CSV. On any failure nothing is kept: no file, no row.
	 * @throws InvalidDatasetRequestException if the name is missing or a field too long
	 * @throws DatasetTooLargeException if the file is over the limit
	 * @throws InvalidDatasetException if the file is not a CSV with a header and rows, or
	 * not a zip of labelled pictures (listing the problems)
	 * @throws io.modelhost.accounts.StorageLimitReachedException if the file would pass
	 * the owner's limit on stored bytes
	 */
	public Dataset upload(UserId owner, String name, @Nullable String description, DatasetUpload upload) {
		DataSize limit = this.properties.maxUploadSize();
		String cleanName = metadata("name", name, MAX_NAME);
		String cleanDescription = (description == null || description.isBlank()) ? ""
				: metadata("description", description, MAX_DESCRIPTION);
		if (upload.size() > limit.toBytes()) {
			throw new DatasetTooLargeException(upload.size(), limit);
		}
		this.limits.checkStorage(owner, upload.size());
		Path work = this.files.newWorkDirectory();
		Path published = null;
		try {
			Path file = work.resolve(DatasetFiles.DATA_FILE);
			upload.transferTo(file);
			long size = Files.size(file);
			if (size > limit.toBytes()) {
				throw new DatasetTooLargeException(size, limit);
			}
			DatasetProfile profile;
			String sha256;
			if (DatasetFiles.zip(file, upload.filename())) {
				profile = new ImageArchive(this.properties.archiveLimits()).check(file, work);
				sha256 = DatasetFiles.sha256(file);
				// the pictures are out, checked: the archive is not needed again
				Files.delete(file);
			}
			else {
				TabularProfiler.Profiled profiled = this.profiler.profile(file);
				profile = profiled.profile();
				sha256 = profiled.sha256();
			}
			var dataset = new Dataset(new DatasetId(this.ids.generateId().toString()), owner, cleanName,
					cleanDescription, UserText.filename(upload.filename()), size, sha256, profile,
					// as the database keeps it, so that the answer to the upload and
					// later reads agree
					this.clock.instant().truncatedTo(ChronoUnit.MICROS));
			published = this.limits.store(owner, false, size, () -> publish(work, dataset));
			audit(owner, dataset, "dataset.create", Map.of("name", cleanName));
			switch (profile) {
				case TabularProfile tabular -> log.info("Dataset {} uploaded: {} rows, {} columns, {} bytes",
						dataset.id(), tabular.rows(), tabular.columns().size(), size);
				case ImageProfile images -> log.info("Dataset {} uploaded: {} images, {} classes, {} bytes",
						dataset.id(), images.images(), images.classes().size(), size);
			}
			return dataset;
		}
		catch (IOException ex) {
			deletePublished(published);
			throw new UncheckedIOException("cannot store the dataset", ex);
		}
		catch (RuntimeException ex) {
			deletePublished(published);
			throw ex;
		}
		finally {
			this.files.delete(work);
		}
	}

	/** Moves the checked dataset's files into place and inserts its row. */
	private Path publish(Path work, Dataset dataset) {
		Path published;
		try {
			published = this.files.publish(work, dataset.id());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot store the dataset", ex);
		}
		try {
			this.store.insert(dataset);
		}
		catch (RuntimeException ex) {
			deletePublished(published);
			throw ex;
		}
		return published;
	}

	/** One page of the owner's datasets, newest first. */
	public DatasetPage list(UserId owner, int page, int size) {
		return this.store.list(owner, requirePage(page), requireSize(size));
	}

	/**
	 * One page of every user's datasets, or one user's, newest first; for administrators
	 * only.
	 */
	public DatasetPage listAll(@Nullable UserId owner, int page, int size) {
		return this.store.list(owner, requirePage(page), requireSize(size));
	}

	/**
	 * Any user's dataset; for administrators only.
	 * @throws DatasetNotFoundException if there is none with this id
	 */
	public Dataset getAny(DatasetId id) {
		return this.store.find(id).orElseThrow(DatasetNotFoundException::new);
	}

	/**
	 * One of the owner's datasets.
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 */
	public Dataset get(UserId owner, DatasetId id) {
		return this.store.find(id)
			.filter((dataset) -> dataset.owner().equals(owner))
			.orElseThrow(DatasetNotFoundException::new);
	}

	/**
	 * The column profile of one of the owner's tabular datasets.
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 * @throws WrongDatasetKindException if it is not tabular
	 */
	public TabularProfile profile(UserId owner, DatasetId id) {
		return tabular(get(owner, id));
	}

	/**
	 * The rows of one of the owner's tabular datasets, typed by the profile's column
	 * types, in file order, read from disk as the stream is consumed: the whole file is
	 * never in memory. The stream holds the file open: close it (try-with-resources).
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 * @throws WrongDatasetKindException if it is not tabular
	 */
	public Stream<TabularRow> rows(UserId owner, DatasetId id) {
		Dataset dataset = get(owner, id);
		return rows(dataset);
	}

	/**
	 * The first rows of one of the owner's tabular datasets.
	 * @param rows how many, 1..1000
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 * @throws WrongDatasetKindException if it is not tabular
	 */
	public DatasetPreview preview(UserId owner, DatasetId id, int rows) {
		if (rows < 1 || rows > 1000) {
			throw new IllegalArgumentException("rows must be in 1..1000 but was " + rows);
		}
		Dataset dataset = get(owner, id);
		try (Stream<TabularRow> stream = rows(dataset)) {
			return new DatasetPreview(dataset, stream.limit(rows).toList());
		}
	}

	/**
	 * The pictures of one of the owner's image datasets, for a trainer: labelled, in a
	 * stable order, decoded on demand. Thread-safe.
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 * @throws WrongDatasetKindException if it is not an image dataset
	 */
	public DatasetPictures pictures(UserId owner, DatasetId id) {
		Dataset dataset = get(owner, id);
		ImageProfile profile = images(dataset);
		try {
			return new DatasetPictures(dataset.id(), this.files.directory(dataset.id()),
					PictureIndex.read(this.files.directory(dataset.id())), profile, this.properties.maxImagePixels());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the pictures of dataset " + dataset.id(), ex);
		}
	}

	/**
	 * A small PNG of one picture of one of the owner's image datasets, at most
	 * {@value Thumbnails#MAX_SIDE} pixels on a side, drawn afresh (never the uploaded
	 * bytes).
	 * @param index the picture's index, from 0
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 * @throws WrongDatasetKindException if it is not an image dataset
	 * @throws ImageNotFoundException if it has no picture at this index
	 */
	public byte[] thumbnail(UserId owner, DatasetId id, int index) {
		DatasetPictures pictures = pictures(owner, id);
		try {
			return Thumbnails.png(pictures.read(index));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read picture " + index + " of dataset " + id, ex);
		}
	}

	/**
	 * Deletes one of the owner's datasets: its row, then its file.
	 * @throws DatasetNotFoundException if the user has no dataset with this id
	 */
	public void delete(UserId owner, DatasetId id) {
		Dataset dataset = get(owner, id);
		if (!this.store.delete(id)) {
			throw new DatasetNotFoundException();
		}
		this.files.delete(id);
		audit(owner, dataset, "dataset.delete", Map.of("name", dataset.name()));
		log.info("Dataset {} deleted", id);
	}

	/** A user is being deleted: their datasets go with them (files once it commits). */
	@EventListener
	void on(UserDeleting deleting) {
		var removed = new ArrayList<DatasetId>();
		for (DatasetId id : this.store.idsOwnedBy(deleting.user())) {
			this.store.delete(id);
			removed.add(id);
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					removed.forEach(Datasets.this.files::delete);
				}
			});
		}
		else {
			removed.forEach(this.files::delete);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void deleteStaleUploads() {
		int deleted = this.files.deleteStaleWork(Duration.ofHours(1), this.clock.instant());
		if (deleted > 0) {
			log.info("Deleted {} unfinished dataset uploads", deleted);
		}
	}

	private static int requirePage(int page) {
		if (page < 0) {
			throw new IllegalArgumentException("page must be >= 0 but was " + page);
		}
		return page;
	}

	private static int requireSize(int size) {
		if (size < 1 || size > 100) {
			throw new IllegalArgumentException("size must be in 1..100 but was " + size);
		}
		return size;
	}

	private Stream<TabularRow> rows(Dataset dataset) {
		try {
			return TabularRows.stream(this.files.file(dataset.id()), tabular(dataset));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read dataset " + dataset.id(), ex);
		}
	}

	private static TabularProfile tabular(Dataset dataset) {
		return switch (dataset.profile()) {
			case TabularProfile tabular -> tabular;
			case ImageProfile images -> throw new WrongDatasetKindException(images.kind(), DatasetKind.TABULAR);
		};
	}

	private static ImageProfile images(Dataset dataset) {
		return switch (dataset.profile()) {
			case ImageProfile images -> images;
			case TabularProfile tabular -> throw new WrongDatasetKindException(tabular.kind(), DatasetKind.IMAGES);
		};
	}

	private void deletePublished(@Nullable Path published) {
		if (published != null) {
			this.files.delete(published);
		}
	}

	private void audit(UserId actor, Dataset dataset, String action, Map<String, String> details) {
		this.events
			.publishEvent(new ActionTaken(actor, dataset.owner(), action, "dataset", dataset.id().value(), details));
	}

	private static String metadata(String field, @Nullable String value, int max) {
		return UserText.required(field, value, max, InvalidDatasetRequestException::new);
	}

}
