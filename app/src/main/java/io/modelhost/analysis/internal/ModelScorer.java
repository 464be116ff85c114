package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.analysis.internal.AnalysisParameters.ModelRef;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.protocol.ImageRequests.EncodedPicture;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.VersionNotFoundException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.serving.ImagesNotAcceptedException;
import io.modelhost.serving.InvalidPictureException;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scores batches of rows or pictures with one model version through the
 * {@link Predictor}: the body the endpoint would get, decoded and checked by the same
 * code. Rows the model refuses (a missing value it cannot take, a value of the wrong
 * type) are taken out of the batch with the reason and the rest is sent again, so a bad
 * row costs an evaluation that row only. A model that is busy is waited for; one that is
 * gone, switched off or failing fails the job with a reason its owner can read.
 *
 * <p>
 * Not thread-safe: one per job thread.
 */
final class ModelScorer {

	/** Where a problem's pointer names a row of the batch. */
	private static final Pattern ROW = Pattern.compile("^/(?:instances|inputs|images)/(\\d+)(?:/.*)?$");

	/**
	 * How long to wait for a busy model in all, in steps of {@link #BUSY_PAUSE_MILLIS}.
	 */
	private static final int BUSY_ATTEMPTS = 120;

	private static final long BUSY_PAUSE_MILLIS = 250;

	private final Predictor predictor;

	private final Caller caller;

	private final ModelRef model;

	private final JobContext context;

	/** The classes of the model's probabilities, from its last answer; empty if none. */
	private List<String> classes = List.of();

	ModelScorer(Predictor predictor, Caller caller, ModelRef model, JobContext context) {
		this.predictor = predictor;
		this.caller = caller;
		this.model = model;
		this.context = context;
	}

	ModelRef model() {
		return this.model;
	}

	/**
	 * The labels the probabilities are in the order of; empty when the model gives none.
	 */
	List<String> classes() {
		return this.classes;
	}

	/** Scores rows given as instances by feature name: one outcome per row, in order. */
	List<Outcome> rows(List<ObjectNode> instances) {
		return score(instances.size(), (positions) -> {
			ObjectNode body = JsonNodeFactory.instance.objectNode();
			ArrayNode sent = body.putArray("instances");
			positions.forEach((i) -> sent.add(instances.get(i)));
			return this.predictor.predict(call(), body);
		});
	}

	/** Scores encoded pictures: one outcome per picture, in order. */
	List<Outcome> pictures(List<byte[]> pictures) {
		return score(pictures.size(), (positions) -> {
			var sent = new ArrayList<EncodedPicture>();
			for (int i = 0; i < positions.size(); i++) {
				sent.add(new EncodedPicture("/images/" + i, pictures.get(positions.get(i))));
			}
			return this.predictor.predictPictures(call(), sent);
		});
	}

	private PredictionCall call() {
		return new PredictionCall(this.caller, this.model.modelId(), this.model.version(), Orders.PROTOCOL);
	}

	/**
	 * Sends the batch, taking out what the model refuses until it answers for the rest.
	 * @param predict answers for the batch's rows at the given positions
	 */
	private List<Outcome> score(int size, Function<List<Integer>, ObjectNode> predict) {
		var outcomes = new ArrayList<@Nullable Outcome>();
		var pending = new ArrayList<Integer>();
		for (int i = 0; i < size; i++) {
			outcomes.add(null);
			pending.add(i);
		}
		while (!pending.isEmpty()) {
			Map<Integer, String> refused;
			try {
				ObjectNode answer = busyRetried(() -> predict.apply(pending));
				read(answer, pending, outcomes);
				break;
			}
			catch (InvalidInputException ex) {
				refused = refusedRows(ex.problems());
			}
			catch (InvalidPictureException ex) {
				refused = refusedRows(List.of(new InputProblem(ex.pointer(), ex.getMessage())));
			}
			// positions in what was sent, highest first, so that removing keeps the rest
			refused.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach((position) -> {
				outcomes.set(pending.get(position), new Outcome.Refused(refused.get(position)));
				pending.remove((int) position);
			});
		}
		var scored = new ArrayList<Outcome>();
		outcomes.forEach((outcome) -> scored.add(java.util.Objects.requireNonNull(outcome)));
		return scored;
	}

	/** The first problem of each refused row, by its position in the batch sent. */
	private static Map<Integer, String> refusedRows(List<InputProblem> problems) {
		var refused = new LinkedHashMap<Integer, String>();
		for (InputProblem problem : problems) {
			Matcher row = ROW.matcher(problem.pointer());
			if (!row.matches()) {
				// not about one row: every row would be refused alike
				throw new JobFailedException("the model refuses the dataset's rows: " + problem.detail());
			}
			refused.putIfAbsent(Integer.parseInt(row.group(1)), problem.detail());
		}
		return refused;
	}

	private void read(ObjectNode answer, List<Integer> positions, List<@Nullable Outcome> outcomes) {
		JsonNode predictions = answer.path("predictions");
		JsonNode probabilities = answer.path("probabilities");
		if (!predictions.isArray() || predictions.size() != positions.size()) {
			throw new JobFailedException("the model did not answer one prediction per row");
		}
		var classes = new ArrayList<String>();
		answer.path("classes")
			.forEach((label) -> classes.add(java.util.Objects.requireNonNullElse(Labels.of(label), "")));
		this.classes = List.copyOf(classes);
		for (int i = 0; i < positions.size(); i++) {
			double[] p = null;
			if (probabilities.isArray() && probabilities.get(i).isArray()) {
				JsonNode row = probabilities.get(i);
				p = new double[row.size()];
				for (int k = 0; k < p.length; k++) {
					p[k] = row.get(k).asDouble();
				}
			}
			JsonNode value = predictions.get(i);
			if (value.isArray() && value.size() == 1) {
				value = value.get(0); // a one-output tensor model's [value]
			}
			outcomes.set(positions.get(i), new Outcome.Predicted(value, p));
		}
	}

	/** Runs a prediction, waiting while the model's queue is full or slow. */
	private ObjectNode busyRetried(java.util.function.Supplier<ObjectNode> prediction) {
		for (int attempt = 1;; attempt++) {
			try {
				return prediction.get();
			}
			catch (QueueFullException | DeadlineExceededException ex) {
				if (attempt >= BUSY_ATTEMPTS) {
					throw new JobFailedException("the model " + this.model.name() + " stayed too busy to answer for "
							+ (BUSY_ATTEMPTS * BUSY_PAUSE_MILLIS / 1000) + " seconds");
				}
				pause();
			}
			catch (ModelNotFoundException | NotPermittedException | ModelOutOfScopeException ex) {
				throw new JobFailedException(
						"the model " + this.model.modelId() + " is gone, or you may no longer " + "use it");
			}
			catch (VersionNotFoundException ex) {
				throw new JobFailedException(
						"version " + this.model.version() + " of the model " + this.model.name() + " was deleted");
			}
			catch (ModelInactiveException ex) {
				throw new JobFailedException("the endpoint of the model " + this.model.name() + " was switched off");
			}
			catch (ModelUnavailableException ex) {
				throw new JobFailedException("the model " + this.model.name() + " cannot serve: " + ex.getMessage());
			}
			catch (ImagesNotAcceptedException ex) {
				throw new JobFailedException("the model " + this.model.name() + " no longer takes pictures");
			}
			catch (PredictionFailedException ex) {
				throw new JobFailedException("the model " + this.model.name() + " failed: " + ex.getMessage());
			}
		}
	}

	private void pause() {
		this.context.throwIfCancelled();
		try {
			Thread.sleep(BUSY_PAUSE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.context.throwIfCancelled();
			throw new JobFailedException("interrupted while the model was busy");
		}
	}

	/** What the model made of one row. */
	sealed interface Outcome {

		/**
		 * An answer.
		 *
		 * @param value the predicted label or number
		 * @param probabilities per class, in the order of {@link ModelScorer#classes()};
		 * null when the model gives none
		 */
		record Predicted(JsonNode value, double @Nullable [] probabilities) implements Outcome {

		}

		/**
		 * A row the model refuses, as its endpoint would.
		 *
		 * @param reason the endpoint's problem detail
		 */
		record Refused(String reason) implements Outcome {

		}

	}

}
