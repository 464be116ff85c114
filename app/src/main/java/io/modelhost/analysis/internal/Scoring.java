package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.internal.AnalysisParameters.ModelRef;
import io.modelhost.analysis.internal.DatasetRows.Row;
import io.modelhost.analysis.internal.ModelScorer.Outcome;
import io.modelhost.analysis.internal.ModelScorer.Outcome.Predicted;
import io.modelhost.datasets.Datasets;
import io.modelhost.engine.TabularSignature;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.ServingProperties;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The loop both analyses share: the dataset in batches, each batch scored by every model,
 * and each row that every model answered handed on; a row without a true value, or that
 * any model refuses, is skipped for all (so that a comparison's models are scored on the
 * same rows), counted, and its reason kept for the first few.
 */
@Component
class Scoring {

	/** The most skipped rows whose reasons a result lists. */
	static final int MAX_SKIPPED_LISTED = 10;

	/** The most rows sent at once, below the serving limit. */
	private static final int MAX_BATCH = 256;

	/** The most pictures sent at once, below the serving limit. */
	private static final int MAX_PICTURE_BATCH = 32;

	private final Predictor predictor;

	private final Datasets datasets;

	private final ServingProperties serving;

	Scoring(Predictor predictor, Datasets datasets, ServingProperties serving) {
		this.predictor = predictor;
		this.datasets = datasets;
		this.serving = serving;
	}

	/**
	 * Scores the dataset with every model of the order.
	 * @param each gets every row every model answered, with the answers in the order's
	 * model order and each model's probability classes
	 * @return the skipped rows: {@code skipped_rows} and {@code skipped} (the first few,
	 * with their reason) to add to the result
	 */
	ObjectNode run(AnalysisParameters order, JobContext context, RowConsumer each) {
		Caller caller = order.caller(context.owner());
		var scorers = new ArrayList<ModelScorer>();
		var signatures = new ArrayList<TabularSignature>();
		for (ModelRef model : order.models()) {
			// checked again as the job starts: a share or a key's scope may have changed
			ServingTarget target;
			try {
				target = this.predictor
					.target(new PredictionCall(caller, model.modelId(), model.version(), Orders.PROTOCOL));
			}
			catch (RuntimeException ex) {
				throw new JobFailedException("the model " + model.name() + " (" + model.modelId() + ") version "
						+ model.version() + " is gone, or you may no longer use it");
			}
			if (target.signature() instanceof TabularSignature tabular) {
				signatures.add(tabular);
			}
			scorers.add(new ModelScorer(this.predictor, caller, model, context));
		}
		long skipped = 0;
		ArrayNode listed = JsonNodeFactory.instance.arrayNode();
		int batchSize = order.images() ? Math.min(MAX_PICTURE_BATCH, this.serving.maxPictures())
				: Math.min(MAX_BATCH, this.predictor.maxRows());
		context.progress(0.0, "reading the dataset");
		try (DatasetRows rows = order.images() ? DatasetRows.pictures(this.datasets, context.owner(), order)
				: DatasetRows.tabular(this.datasets, context.owner(), order, signatures)) {
			long done = 0;
			for (List<Row> batch = rows.next(batchSize); !batch.isEmpty(); batch = rows.next(batchSize)) {
				context.throwIfCancelled();
				var reasons = new ArrayList<String>();
				var labelled = new ArrayList<Row>();
				for (Row row : batch) {
					reasons
						.add((row.actual() == null) ? "no value in the target column '" + order.target() + "'" : null);
					if (row.actual() != null) {
						labelled.add(row);
					}
				}
				var answers = new ArrayList<List<Outcome>>();
				for (ModelScorer scorer : scorers) {
					answers.add(score(scorer, labelled, order.images()));
				}
				int at = 0;
				for (int i = 0; i < batch.size(); i++) {
					Row row = batch.get(i);
					String reason = reasons.get(i);
					var predicted = new ArrayList<Predicted>();
					if (reason == null) {
						for (int m = 0; m < scorers.size() && reason == null; m++) {
							switch (answers.get(m).get(at)) {
								case Predicted answer -> predicted.add(answer);
								case Outcome.Refused refused ->
									reason = (scorers.size() == 1) ? refused.reason() : "the model "
											+ scorers.get(m).model().name() + " refused it: " + refused.reason();
							}
						}
						at++;
					}
					if (reason != null) {
						if (skipped++ < MAX_SKIPPED_LISTED) {
							ObjectNode node = listed.addObject().put("row", row.number());
							if (row.entry() != null) {
								node.put("entry", row.entry());
							}
							else {
								node.put("line", row.line());
							}
							node.put("reason", reason);
						}
						continue;
					}
					each.accept(row, predicted, scorers.stream().map(ModelScorer::classes).toList());
				}
				done += batch.size();
				context.progress(Math.min(1.0, (double) done / Math.max(1, rows.size())),
						"scored " + done + " of " + rows.size() + (order.images() ? " pictures" : " rows"));
			}
		}
		ObjectNode result = JsonNodeFactory.instance.objectNode();
		result.put("skipped_rows", skipped);
		result.set("skipped", listed);
		return result;
	}

	private static List<Outcome> score(ModelScorer scorer, List<Row> rows, boolean images) {
		if (rows.isEmpty()) {
			return List.of();
		}
		if (images) {
			return scorer.pictures(rows.stream().map((row) -> (byte[]) row.input()).toList());
		}
		return scorer.rows(rows.stream().map((row) -> (ObjectNode) row.input()).toList());
	}

	/** Gets each row every model answered. */
	@FunctionalInterface
	interface RowConsumer {

		/**
		 * @param row the row, with its true value
		 * @param answers each model's answer, in the order's model order
		 * @param classes each model's probability classes
		 */
		void accept(Row row, List<Predicted> answers, List<List<String>> classes);

	}

}
