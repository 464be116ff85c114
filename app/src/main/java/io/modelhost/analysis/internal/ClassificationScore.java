package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import io.modelhost.jobs.JobFailedException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A classifier's figures: the confusion counts, the probabilities of each class per row
 * (for log loss and ROC AUC, when the model gives probabilities), and the 50 errors made
 * with the most confidence. Labels are compared as text ({@link Labels}).
 */
final class ClassificationScore implements Score {

	/** The most labels counted: more is a regression target or an identifier. */
	static final int MAX_LABELS = 1000;

	/** Probabilities are clipped to [ε, 1-ε] for the log loss, as training does. */
	private static final double EPSILON = 1e-15;

	/** Every label seen, actual or predicted, with its index in {@link #counts}. */
	private final Map<String, Integer> labels = new LinkedHashMap<>();

	/** {@code counts[actual][predicted]}; grown as labels appear. */
	private long[][] counts = new long[8][8];

	private long rows;

	private long correct;

	/**
	 * The classes of the probabilities, fixed by the first answer that had some; null
	 * until then, or after an answer without them or with other classes (then the
	 * probability metrics are left out).
	 */
	private @Nullable List<String> classes;

	private boolean probabilities = true;

	/** Each row's probabilities, {@code classes.size()} per row. */
	private final Doubles scores = new Doubles();

	/** Each row's actual class as its index in {@link #classes}, -1 if not a class. */
	private final Doubles actualClasses = new Doubles();

	private double logLoss;

	/** The worst errors so far; the least confident at its head. */
	private final PriorityQueue<Error> errors = new PriorityQueue<>(Error.ORDER);

	@Override
	public void add(Row row, Predicted predicted, List<String> classes) {
		String actual = Labels.of(Objects.requireNonNull(row.actual()));
		String answer = Objects.requireNonNullElse(Labels.of(predicted.value()), "");
		int a = index(actual);
		int p = index(answer);
		this.counts[a][p]++;
		this.rows++;
		Double confidence = null;
		double[] probabilities = predicted.probabilities();
		if (probabilities != null && !classes.isEmpty() && probabilities.length == classes.size() && this.probabilities
				&& (this.classes == null || this.classes.equals(classes))) {
			this.classes = classes;
			int actualClass = classes.indexOf(actual);
			for (double probability : probabilities) {
				this.scores.add(probability);
			}
			this.actualClasses.add(actualClass);
			double truth = (actualClass >= 0) ? probabilities[actualClass] : 0;
			this.logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, truth)));
			int predictedClass = classes.indexOf(answer);
			confidence = (predictedClass >= 0) ? probabilities[predictedClass] : null;
		}
		else {
			this.probabilities = false;
		}
		if (a == p) {
			this.correct++;
		}
		else {
			this.errors.add(new Error(row, actual, answer, confidence));
			if (this.errors.size() > MAX_ERRORS) {
				this.errors.poll();
			}
		}
	}

	@Override
	public long rows() {
		return this.rows;
	}

	private int index(String label) {
		Integer index = this.labels.get(label);
		if (index != null) {
			return index;
		}
		if (this.labels.size() >= MAX_LABELS) {
			throw new JobFailedException("the target and the answers have more than " + MAX_LABELS
					+ " different labels: is the target a number to predict, or an identifier?");
		}
		int added = this.labels.size();
		this.labels.put(label, added);
		if (added >= this.counts.length) {
			long[][] grown = new long[this.counts.length * 2][];
			for (int i = 0; i < grown.length; i++) {
				grown[i] = (i < this.counts.length) ? Arrays.copyOf(this.counts[i], grown.length)
						: new long[grown.length];
			}
			this.counts = grown;
		}
		return added;
	}

	@Override
	public ObjectNode metrics() {
		ObjectNode metrics = JsonNodeFactory.instance.objectNode();
		if (this.rows == 0) {
			return metrics;
		}
		metrics.put("accuracy", (double) this.correct / this.rows);
		double f1 = 0;
		for (int k = 0; k < this.labels.size(); k++) {
			f1 += figures(k)[2];
		}
		metrics.put("f1_macro", f1 / this.labels.size());
		if (this.probabilities && this.classes != null) {
			metrics.put("log_loss", this.logLoss / this.rows);
			double auc = rocAuc(this.classes.size());
			if (Double.isFinite(auc)) {
				metrics.put("roc_auc", auc);
			}
		}
		return metrics;
	}

	/** Precision, recall, F1 and support of the label at index {@code k}. */
	private double[] figures(int k) {
		long tp = this.counts[k][k];
		long predicted = 0;
		long actual = 0;
		for (int i = 0; i < this.labels.size(); i++) {
			predicted += this.counts[i][k];
			actual += this.counts[k][i];
		}
		double precision = (predicted == 0) ? 0 : (double) tp / predicted;
		double recall = (actual == 0) ? 0 : (double) tp / actual;
		// 2tp / (2tp + fp + fn), 0 when the label was neither predicted nor present
		double f1 = (tp == 0) ? 0 : 2.0 * tp / (predicted + actual);
		return new double[] { precision, recall, f1, actual };
	}

	/**
	 * The binary AUC of the second class, or the mean one-vs-rest AUC of the classes that
	 * have both positive and negative rows; NaN when none has.
	 */
	private double rocAuc(int classCount) {
		if (classCount == 2) {
			return auc(1, classCount);
		}
		double sum = 0;
		int defined = 0;
		for (int k = 0; k < classCount; k++) {
			double auc = auc(k, classCount);
			if (Double.isFinite(auc)) {
				sum += auc;
				defined++;
			}
		}
		return (defined == 0) ? Double.NaN : sum / defined;
	}

	/**
	 * The Mann-Whitney statistic of class {@code k}'s probability: the chance that a row
	 * of the class scores higher than one of another, ties counted half.
	 */
	private double auc(int k, int classCount) {
		var positives = new Doubles();
		var negatives = new Doubles();
		for (int row = 0; row < this.actualClasses.size(); row++) {
			double score = this.scores.get(row * classCount + k);
			if ((int) this.actualClasses.get(row) == k) {
				positives.add(score);
			}
			else {
				negatives.add(score);
			}
		}
		if (positives.size() == 0 || negatives.size() == 0) {
			return Double.NaN;
		}
		double[] pos = positives.sorted();
		double[] neg = negatives.sorted();
		double wins = 0;
		int below = 0;
		int upTo = 0;
		for (double score : pos) {
			while (below < neg.length && neg[below] < score) {
				below++;
			}
			upTo = Math.max(upTo, below);
			while (upTo < neg.length && neg[upTo] <= score) {
				upTo++;
			}
			wins += below + (upTo - below) / 2.0;
		}
		return wins / ((double) pos.length * neg.length);
	}

	@Override
	public void details(ObjectNode result) {
		List<String> order = new ArrayList<>(this.labels.keySet());
		ObjectNode matrix = result.putObject("confusion_matrix");
		ArrayNode names = matrix.putArray("labels");
		order.forEach(names::add);
		ArrayNode rows = matrix.putArray("matrix");
		for (int a = 0; a < order.size(); a++) {
			ArrayNode row = rows.addArray();
			for (int p = 0; p < order.size(); p++) {
				row.add(this.counts[a][p]);
			}
		}
		ArrayNode perClass = result.putArray("per_class");
		for (int k = 0; k < order.size(); k++) {
			double[] figures = figures(k);
			perClass.addObject()
				.put("label", order.get(k))
				.put("precision", figures[0])
				.put("recall", figures[1])
				.put("f1", figures[2])
				.put("support", (long) figures[3]);
		}
		ArrayNode errors = result.putArray("errors");
		this.errors.stream().sorted(Error.ORDER.reversed()).forEach((error) -> {
			ObjectNode node = errors.addObject().put("row", error.row().number());
			if (error.row().entry() != null) {
				node.put("entry", error.row().entry());
			}
			else {
				node.put("line", error.row().line());
			}
			node.put("actual", error.actual()).put("predicted", error.predicted());
			if (error.confidence() != null) {
				node.put("confidence", error.confidence());
			}
			else {
				node.putNull("confidence");
			}
		});
	}

	/**
	 * A row predicted wrong.
	 *
	 * @param confidence the probability the model gave the label it predicted, or null
	 * when it gives none
	 */
	private record Error(Row row, String actual, String predicted, @Nullable Double confidence) {

		/**
		 * Least bad first: lower confidence, then later rows (so that without
		 * probabilities the first errors are kept).
		 */
		static final Comparator<Error> ORDER = Comparator
			.comparingDouble((Error e) -> (e.confidence() != null) ? e.confidence() : -1.0)
			.thenComparing(Comparator.comparingLong((Error e) -> e.row().number()).reversed());

	}

}
