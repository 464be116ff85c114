package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.InvalidAnalysisRequestException;
import io.modelhost.analysis.InvalidAnalysisRequestException.Problem;
import io.modelhost.analysis.internal.AnalysisParameters.ModelRef;
import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.ColumnType;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingReport;
import io.modelhost.training.TrainingReportNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks an evaluation or comparison against its models and dataset before anything is
 * stored: the caller may use each model exactly as its endpoint would let them (the
 * {@link Predictor}'s own check, so an API key's scope holds), the dataset is theirs and
 * has a column for every feature the models read, and the target is a column whose values
 * the models can predict. Every problem is reported at once.
 */
@Component
public class Orders {

	/** The protocol name an analysis's calls carry (they are not recorded as usage). */
	static final String PROTOCOL = "analysis";

	private final Predictor predictor;

	private final Datasets datasets;

	private final Training training;

	Orders(Predictor predictor, Datasets datasets, Training training) {
		this.predictor = predictor;
		this.datasets = datasets;
		this.training = training;
	}

	/**
	 * The model version a caller may score, checked as its endpoint checks.
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller cannot see it
	 * @throws io.modelhost.accounts.ModelOutOfScopeException if the API key is made for
	 * other models
	 * @throws io.modelhost.registry.NotPermittedException if the caller may see but not
	 * use it
	 * @throws io.modelhost.registry.VersionNotFoundException if it has no such version
	 */
	public ServingTarget model(Caller caller, String modelId, @Nullable Integer version) {
		return this.predictor.target(new PredictionCall(caller, modelId, version, PROTOCOL));
	}

	/**
	 * Checks an order.
	 * @param models the models, already checked with {@link #model}
	 * @param datasetId the dataset field as sent
	 * @param target the target field as sent, or null
	 * @throws io.modelhost.datasets.DatasetNotFoundException if the caller has no such
	 * dataset
	 * @throws InvalidAnalysisRequestException listing every problem
	 */
	public AnalysisParameters check(Caller caller, List<ServingTarget> models, String datasetId,
			@Nullable String target) {
		var problems = new ArrayList<Problem>();
		if (datasetId.isBlank()) {
			problems.add(new Problem("dataset_id", "dataset_id is required"));
			throw new InvalidAnalysisRequestException(problems, List.of());
		}
		Dataset dataset = this.datasets.get(caller.userId(), DatasetId.parse(datasetId));
		List<ModelRef> refs = models.stream().map((m) -> new ModelRef(m.id().value(), m.version(), m.name())).toList();
		String blankTarget = (target == null || target.isBlank()) ? null : target;
		return switch (dataset.profile()) {
			case ImageProfile images -> {
				checkImages(models, images, blankTarget, problems);
				yield parameters(caller, refs, dataset, null, false, problems, List.of());
			}
			case TabularProfile tabular -> tabular(caller, models, refs, dataset, tabular, blankTarget, problems);
		};
	}

	private AnalysisParameters tabular(Caller caller, List<ServingTarget> models, List<ModelRef> refs, Dataset dataset,
			TabularProfile profile, @Nullable String asked, List<Problem> problems) {
		var signatures = new ArrayList<TabularSignature>();
		for (ServingTarget model : models) {
			if (model.signature() instanceof TabularSignature tabular) {
				signatures.add(tabular);
			}
			else {
				problems.add(new Problem("dataset_id", name(model, models) + "takes tensors, not rows: evaluate it on "
						+ ((model.imageInput() != null) ? "an image dataset" : "a dataset it can read")));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidAnalysisRequestException(problems, List.of());
		}
		String target = (asked != null) ? asked : trainedTarget(caller, models, problems);
		ColumnProfile column = null;
		if (target != null) {
			column = profile.columns().stream().filter((c) -> c.name().equals(target)).findFirst().orElse(null);
			if (column == null) {
				problems.add(new Problem("target",
						"the dataset has no column '" + target + "'; its columns are " + profile.columnNames()));
			}
		}
		Set<Boolean> regression = new HashSet<>();
		signatures.forEach((s) -> regression.add(s.target().task() == TabularSignature.Task.REGRESSION));
		if (regression.size() > 1) {
			problems.add(new Problem("model_ids", "the models do not all predict the same kind of thing: some "
					+ "classify and some predict numbers, so no metric scores them all"));
		}
		boolean numbers = regression.contains(true);
		if (column != null && numbers && !(column.type() == ColumnType.NUMBER || column.type() == ColumnType.INTEGER)) {
			problems.add(new Problem("target", "the model predicts numbers, but the target '" + target + "' is a "
					+ column.type().id() + " column"));
		}
		var missing = new LinkedHashSet<String>();
		for (int m = 0; m < models.size(); m++) {
			features(models.get(m), models, signatures.get(m), profile, column, missing, problems);
			if (column != null && !numbers) {
				labels(models.get(m), models, signatures.get(m), column, problems);
			}
		}
		return parameters(caller, refs, dataset, target, numbers, problems, List.copyOf(missing));
	}

	private static void features(ServingTarget model, List<ServingTarget> models, TabularSignature signature,
			TabularProfile profile, @Nullable ColumnProfile target, Set<String> allMissing, List<Problem> problems) {
		var missing = new ArrayList<String>();
		var wrongType = new ArrayList<String>();
		for (Feature feature : signature.features()) {
			if (!feature.used()) {
				continue;
			}
			Optional<ColumnProfile> column = profile.columns()
				.stream()
				.filter((c) -> c.name().equals(feature.name()))
				.findFirst();
			if (column.isEmpty()) {
				missing.add(feature.name());
			}
			else if (feature.type().isNumeric()
					&& !(column.get().type() == ColumnType.NUMBER || column.get().type() == ColumnType.INTEGER)) {
				wrongType.add("'" + feature.name() + "' (a " + column.get().type().id() + " column)");
			}
		}
		if (!missing.isEmpty()) {
			allMissing.addAll(missing);
			problems.add(new Problem("dataset_id",
					"the dataset has no column for " + (missing.size() == 1 ? "the feature " : "the features ")
							+ String.join(", ", missing.stream().map((f) -> "'" + f + "'").toList()) + " that "
							+ name(model, models).strip() + " reads; its columns are " + profile.columnNames()));
		}
		if (!wrongType.isEmpty()) {
			problems.add(new Problem("dataset_id", name(model, models) + "takes numbers for "
					+ String.join(", ", wrongType) + ", which hold no numbers"));
		}
		if (target != null
				&& signature.features().stream().anyMatch((f) -> f.used() && f.name().equals(target.name()))) {
			problems.add(new Problem("target", "the target '" + target.name() + "' is a feature that "
					+ name(model, models).strip() + " reads: it would be given the answer"));
		}
	}

	/**
	 * Refuses a target none of whose values the model can predict (labels named where the
	 * model answers codes, say), when the dataset's profile knows every value.
	 */
	private static void labels(ServingTarget model, List<ServingTarget> models, TabularSignature signature,
			ColumnProfile target, List<Problem> problems) {
		List<Object> classes = signature.target().classes();
		if (classes.isEmpty() || !target.distinctExact() || target.topValues().size() < target.distinct()
				|| target.topValues().isEmpty()) {
			return;
		}
		Set<String> predicted = new HashSet<>();
		classes.forEach((c) -> predicted.add(Labels.of(c)));
		List<String> values = target.topValues().stream().map((v) -> Labels.of(v.value())).toList();
		if (values.stream().noneMatch(predicted::contains)) {
			problems.add(new Problem("target",
					"none of the values of '" + target.name() + "' " + values + " is a class "
							+ name(model, models).strip() + " predicts " + predicted.stream().sorted().toList()
							+ ": every row would count as an error"));
		}
	}

	private static void checkImages(List<ServingTarget> models, ImageProfile images, @Nullable String target,
			List<Problem> problems) {
		if (target != null) {
			problems.add(new Problem("target", "an image dataset's labels are the target; leave target out"));
		}
		for (ServingTarget model : models) {
			if (model.imageInput() == null) {
				problems.add(new Problem("dataset_id", name(model, models) + "takes no pictures: evaluate it on a "
						+ "tabular dataset, or declare its image input"));
			}
			else if (!model.imageInput().labels().isEmpty()
					&& images.labels().stream().noneMatch(model.imageInput().labels()::contains)) {
				problems.add(new Problem("dataset_id", "none of the dataset's labels " + images.labels()
						+ " is a class " + name(model, models).strip() + " predicts"));
			}
		}
	}

	/**
	 * The target the models were trained to predict here, when each was and all agree;
	 * otherwise a problem.
	 */
	private @Nullable String trainedTarget(Caller caller, List<ServingTarget> models, List<Problem> problems) {
		var targets = new LinkedHashSet<String>();
		for (ServingTarget model : models) {
			try {
				TrainingReport report = this.training.report(caller.userId(), model.id(), model.version());
				String target = report.details().path("target").asString("");
				if (target.isEmpty()) {
					throw new TrainingReportNotFoundException("no target");
				}
				targets.add(target);
			}
			catch (TrainingReportNotFoundException ex) {
				problems.add(new Problem("target", "target is required: " + name(model, models)
						+ "was uploaded, not trained here, so the column holding the true answers is not known"));
				return null;
			}
		}
		if (targets.size() > 1) {
			problems.add(new Problem("target",
					"target is required: the models were trained to predict different " + "columns " + targets));
			return null;
		}
		return targets.iterator().next();
	}

	private static AnalysisParameters parameters(Caller caller, List<ModelRef> refs, Dataset dataset,
			@Nullable String target, boolean regression, List<Problem> problems, List<String> missing) {
		if (!problems.isEmpty()) {
			throw new InvalidAnalysisRequestException(problems, missing);
		}
		return new AnalysisParameters(refs, dataset.id(), dataset.name(), target == null, target, regression,
				caller.apiKeyId(), caller.modelScope());
	}

	/** How a problem names the model: "the model " alone, or by name among several. */
	private static String name(ServingTarget model, List<ServingTarget> models) {
		return (models.size() == 1) ? "the model " : "the model '" + model.name() + "' (" + model.id().value() + ") ";
	}

}
