package io.modelhost.drift;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.capture.CapturedPrediction;
import io.modelhost.capture.Captures;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.drift.DriftReport.FeatureDrift;
import io.modelhost.drift.DriftReport.Side;
import io.modelhost.drift.internal.DriftAnalysis;
import io.modelhost.drift.internal.ReferenceStore;
import io.modelhost.drift.internal.Reservoir;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelDeleted;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingReport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Each model's drift reference, and drift reports: captured inputs of a window, or a
 * dataset, compared with the reference feature by feature, and the model's predictions on
 * both. Both sides are bounded samples ({@link DriftProperties#sampleSize()}), so a
 * report takes bounded time and memory whatever the data's size.
 */
@Service
public class Drift {

	private static final Logger log = LoggerFactory.getLogger(Drift.class);

	private final ReferenceStore references;

	private final ModelRegistry registry;

	private final Datasets datasets;

	private final Training training;

	private final Captures captures;

	private final Predictor predictor;

	private final DriftProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Drift(ReferenceStore references, ModelRegistry registry, Datasets datasets, Training training, Captures captures,
			Predictor predictor, DriftProperties properties, Clock clock, ApplicationEventPublisher events) {
		this.references = references;
		this.registry = registry;
		this.datasets = datasets;
		this.training = training;
		this.captures = captures;
		this.predictor = predictor;
		this.properties = properties;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * The model's reference: the dataset set for it, else the one the served version was
	 * trained on here, else none.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public Optional<DriftReference> reference(UserId user, ModelId id) {
		this.registry.get(user, id);
		return reference(user, id.value(), id);
	}

	private Optional<DriftReference> reference(UserId user, String modelId, ModelId id) {
		Optional<DriftReference> set = this.references.find(modelId);
		if (set.isPresent()) {
			return set;
		}
		return this.training.servedReport(user, id)
			.map(TrainingReport::details)
			.map((details) -> details.path("dataset").path("id").asString(""))
			.filter((datasetId) -> !datasetId.isEmpty())
			.map((datasetId) -> new DriftReference(datasetId, "training", null));
	}

	/**
	 * Sets the model's reference to one of the user's tabular datasets.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws DatasetNotFoundException if the user has no such dataset
	 * @throws io.modelhost.datasets.WrongDatasetKindException if it is not tabular
	 * @throws InvalidDriftRequestException if it lacks some of the model's features
	 * @throws DriftNotSupportedException if the model takes tensors
	 */
	public DriftReference setReference(UserId user, ModelId id, @Nullable String datasetId) {
		ModelAccess access = require(user, id, Permission.EDIT);
		TabularSignature signature = signature(user, id);
		Dataset dataset = this.datasets.get(user, datasetId(datasetId));
		requireFeatures(signature, this.datasets.profile(user, dataset.id()), "dataset_id");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.references.save(id.value(), dataset.id().value(), user.value(), now);
		this.events.publishEvent(new ActionTaken(user, access.model().owner(), "model.drift_reference.set", "model",
				id.value(), Map.of("dataset_id", dataset.id().value())));
		return new DriftReference(dataset.id().value(), "set", now);
	}

	/**
	 * Clears the reference set for the model (the training dataset, if any, is its
	 * reference again).
	 * @return whether one was set
	 */
	public boolean clearReference(UserId user, ModelId id) {
		ModelAccess access = require(user, id, Permission.EDIT);
		boolean cleared = this.references.delete(id.value());
		if (cleared) {
			this.events.publishEvent(new ActionTaken(user, access.model().owner(), "model.drift_reference.clear",
					"model", id.value(), Map.of()));
		}
		return cleared;
	}

	/**
	 * Compares the rows captured in a window with the reference.
	 * @throws NoReferenceException if the model has none, or it was deleted
	 * @throws NotEnoughRowsException if the window or the reference holds too few rows
	 */
	public DriftReport ofCaptures(UserId user, ModelId id, Instant from, Instant to) {
		require(user, id, Permission.EDIT);
		TabularSignature signature = signature(user, id);
		Sample reference = referenceSample(user, id, signature);
		long total = this.captures.count(id, from, to);
		if (total < this.properties.minRows()) {
			throw new NotEnoughRowsException("the window from " + from + " to " + to, total, this.properties.minRows());
		}
		List<CapturedPrediction> rows = this.captures.newest(id, from, to, this.properties.sampleSize());
		var current = new ArrayList<@Nullable Object[]>(rows.size());
		var predictions = new ArrayList<@Nullable Object>(rows.size());
		for (CapturedPrediction row : rows) {
			@Nullable Object[] values = new Object[signature.features().size()];
			for (int f = 0; f < values.length; f++) {
				values[f] = row.inputs().get(signature.features().get(f).name());
			}
			current.add(values);
			predictions.add(row.prediction());
		}
		return report(user, id, signature, reference, new Side("captures", null, from, to, total, rows.size()), current,
				predictions);
	}

	/**
	 * Compares one of the user's tabular datasets with the reference.
	 * @throws DatasetNotFoundException if the user has no such dataset
	 * @throws InvalidDriftRequestException if it lacks some of the model's features
	 * @throws NoReferenceException if the model has none, or it was deleted
	 * @throws NotEnoughRowsException if either dataset holds too few rows
	 */
	public DriftReport ofDataset(UserId user, ModelId id, @Nullable String datasetId) {
		require(user, id, Permission.EDIT);
		TabularSignature signature = signature(user, id);
		Dataset dataset = this.datasets.get(user, datasetId(datasetId));
		requireFeatures(signature, this.datasets.profile(user, dataset.id()), "dataset_id");
		Sample reference = referenceSample(user, id, signature);
		Sample current = sample(dataset, signature);
		if (current.rows() < this.properties.minRows()) {
			throw new NotEnoughRowsException("dataset " + dataset.id(), current.rows(), this.properties.minRows());
		}
		return report(user, id, signature, reference,
				new Side("dataset", dataset.id().value(), null, null, current.rows(), current.sampled().size()),
				current.sampled(), predict(user, id, signature, current.sampled()));
	}

	private DriftReport report(UserId user, ModelId id, TabularSignature signature, Sample reference, Side currentSide,
			List<@Nullable Object[]> current, @Nullable List<@Nullable Object> currentPredictions) {
		var features = new ArrayList<FeatureDrift>();
		for (int f = 0; f < signature.features().size(); f++) {
			Feature feature = signature.features().get(f);
			features.add(DriftAnalysis.compare(feature.name(), feature.type().isNumeric(),
					column(reference.sampled(), f), column(current, f)));
		}
		FeatureDrift predictionDrift = null;
		List<@Nullable Object> referencePredictions = predict(user, id, signature, reference.sampled());
		if (referencePredictions != null && currentPredictions != null) {
			boolean numeric = signature.target().task() == TabularSignature.Task.REGRESSION;
			predictionDrift = DriftAnalysis.compare("prediction", numeric, referencePredictions, currentPredictions);
		}
		long drifted = features.stream().filter(FeatureDrift::drifted).count();
		double share = features.isEmpty() ? 0 : (double) drifted / features.size();
		return new DriftReport(
				new Side("dataset", reference.datasetId(), null, null, reference.rows(), reference.sampled().size()),
				currentSide, features, predictionDrift, share, drifted > 0);
	}

	/**
	 * The model's predictions for sampled rows, through the same path its endpoint takes
	 * (not captured, not counted as usage); null if the model cannot answer them.
	 */
	private @Nullable List<@Nullable Object> predict(UserId user, ModelId id, TabularSignature signature,
			List<@Nullable Object[]> rows) {
		var predictions = new ArrayList<@Nullable Object>(rows.size());
		int chunk = this.predictor.maxRows();
		try {
			for (int start = 0; start < rows.size(); start += chunk) {
				ObjectNode body = JsonNodeFactory.instance.objectNode();
				ArrayNode instances = body.putArray("instances");
				for (@Nullable
				Object[] row : rows.subList(start, Math.min(rows.size(), start + chunk))) {
					ObjectNode instance = instances.addObject();
					for (int f = 0; f < row.length; f++) {
						put(instance, signature.features().get(f).name(), row[f]);
					}
				}
				var call = new PredictionCall(Caller.withToken(user, false), id.value(), Captures.INTERNAL_PROTOCOL);
				Prediction prediction = this.predictor
					.predict(call, (served) -> PredictionRequests.decodeOwnFormat(body, served, chunk))
					.prediction();
				if (!(prediction instanceof Prediction.Values values)) {
					return null;
				}
				predictions.addAll(values.values());
			}
			return predictions;
		}
		catch (RuntimeException ex) {
			log.info("Drift of model {} without prediction drift: the model did not answer the sample: {}", id,
					ex.toString());
			return null;
		}
	}

	private static void put(ObjectNode instance, String name, @Nullable Object value) {
		switch (value) {
			case null -> instance.putNull(name);
			case Double number -> instance.put(name, number);
			case Long number -> instance.put(name, number);
			case Number number -> instance.put(name, number.doubleValue());
			case Boolean bool -> instance.put(name, bool);
			default -> instance.put(name, value.toString());
		}
	}

	private Sample referenceSample(UserId user, ModelId id, TabularSignature signature) {
		DriftReference reference = reference(user, id.value(), id)
			.orElseThrow(() -> new NoReferenceException("this model has no reference dataset: set one with PUT "
					+ "/api/v1/models/" + id + "/reference, or train the model here"));
		Dataset dataset;
		try {
			dataset = this.datasets.getAny(new DatasetId(reference.datasetId()));
		}
		catch (DatasetNotFoundException ex) {
			throw new NoReferenceException(
					"the model's reference dataset " + reference.datasetId() + " was deleted: set another");
		}
		TabularProfile profile = this.datasets.profile(dataset.owner(), dataset.id());
		requireFeatures(signature, profile, "reference");
		Sample sample = sample(dataset, signature);
		if (sample.rows() < this.properties.minRows()) {
			throw new NotEnoughRowsException("the reference dataset", sample.rows(), this.properties.minRows());
		}
		return sample;
	}

	/** A uniform sample of the dataset's rows, as the model's features in its order. */
	private Sample sample(Dataset dataset, TabularSignature signature) {
		List<String> columns = this.datasets.profile(dataset.owner(), dataset.id()).columnNames();
		int[] index = signature.features().stream().mapToInt((feature) -> columns.indexOf(feature.name())).toArray();
		var reservoir = new Reservoir<@Nullable Object[]>(this.properties.sampleSize());
		try (Stream<TabularRow> rows = this.datasets.rows(dataset.owner(), dataset.id())) {
			rows.forEach((row) -> {
				@Nullable Object[] values = new Object[index.length];
				for (int f = 0; f < index.length; f++) {
					values[f] = row.get(index[f]);
				}
				reservoir.add(values);
			});
		}
		return new Sample(dataset.id().value(), reservoir.seen(), reservoir.items());
	}

	private static List<@Nullable Object> column(List<@Nullable Object[]> rows, int f) {
		var column = new ArrayList<@Nullable Object>(rows.size());
		rows.forEach((row) -> column.add(row[f]));
		return column;
	}

	private static void requireFeatures(TabularSignature signature, TabularProfile profile, String field) {
		List<String> columns = profile.columnNames();
		List<String> missing = signature.features()
			.stream()
			.map(Feature::name)
			.filter((name) -> !columns.contains(name))
			.toList();
		if (!missing.isEmpty()) {
			throw new InvalidDriftRequestException(field,
					"the dataset lacks " + missing.size() + " of the model's features: " + String.join(", ", missing),
					missing);
		}
	}

	private TabularSignature signature(UserId user, ModelId id) {
		ModelSignature signature = this.registry.servingTarget(user, id, null).signature();
		if (!(signature instanceof TabularSignature tabular)) {
			throw new DriftNotSupportedException();
		}
		return tabular;
	}

	private ModelAccess require(UserId user, ModelId id, Permission needed) {
		ModelAccess access = this.registry.access(user, id);
		if (!access.permission().allows(needed)) {
			throw new NotPermittedException(needed);
		}
		return access;
	}

	private static DatasetId datasetId(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidDriftRequestException("dataset_id", "dataset_id is required");
		}
		try {
			return new DatasetId(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDriftRequestException("dataset_id", "dataset_id is not a dataset id: " + ex.getMessage());
		}
	}

	/** A deleted model's reference goes with it (its foreign key would delete it too). */
	@EventListener
	void on(ModelDeleted deleted) {
		this.references.delete(deleted.id().value());
	}

	/**
	 * A sample of a dataset.
	 *
	 * @param datasetId the dataset
	 * @param rows how many rows it holds
	 * @param sampled the rows sampled, as the model's features in its order
	 */
	private record Sample(String datasetId, long rows, List<@Nullable Object[]> sampled) {

	}

}
