package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.jobs.Job;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An evaluation's or comparison's result as the pages show it: figures to four decimals,
 * the confusion matrix as a heat map whose cells carry a shade class (the share of the
 * actual label's rows, in tenths: the policy forbids inline styles), and the residual
 * histogram as meters.
 */
final class EvaluationViews {

	private EvaluationViews() {
	}

	static String figure(JsonNode value) {
		return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : value.asString("");
	}

	/**
	 * A job's state, for reading.
	 *
	 * @param id its id
	 * @param status queued, running, succeeded, failed or cancelled
	 * @param live whether it may still change (the page polls while it is)
	 * @param percent its progress, 0..100
	 * @param stage what it is doing
	 * @param error why it failed
	 * @param cancelRequested whether a cancel was asked for
	 */
	record JobState(String id, String status, boolean live, int percent, String stage, @Nullable String error,
			boolean cancelRequested) {

		static JobState of(Job job) {
			return new JobState(job.id().value(), job.status().label(), !job.status().finished(),
					(int) Math.round(job.progress() * 100), (job.stage() != null) ? job.stage() : "", job.error(),
					job.cancelRequested());
		}

	}

	/**
	 * A named figure.
	 *
	 * @param name its API name
	 * @param value its value, for reading
	 */
	record Figure(String name, String value) {

		static List<Figure> of(@Nullable JsonNode values) {
			var figures = new ArrayList<Figure>();
			if (values != null && values.isObject()) {
				for (Map.Entry<String, JsonNode> value : values.properties()) {
					if (value.getValue().isValueNode()) {
						figures.add(new Figure(value.getKey(), figure(value.getValue())));
					}
				}
			}
			return figures;
		}

	}

	/**
	 * A confusion matrix as a heat map.
	 *
	 * @param labels the labels, in the order of rows and columns
	 * @param rows one per actual label
	 */
	record HeatMap(List<String> labels, List<HeatRow> rows) {

		static @Nullable HeatMap of(@Nullable JsonNode matrix) {
			if (matrix == null || !matrix.path("labels").isArray()) {
				return null;
			}
			var labels = new ArrayList<String>();
			matrix.get("labels").forEach((label) -> labels.add(label.asString()));
			var rows = new ArrayList<HeatRow>();
			int a = 0;
			for (JsonNode row : matrix.path("matrix")) {
				long total = 0;
				for (JsonNode cell : row) {
					total += cell.asLong();
				}
				var cells = new ArrayList<Cell>();
				int p = 0;
				for (JsonNode cell : row) {
					long count = cell.asLong();
					int shade = (total == 0) ? 0 : (int) Math.round(9.0 * count / total);
					cells.add(new Cell(count, "heat-" + shade + ((a == p) ? " diagonal" : "")));
					p++;
				}
				rows.add(new HeatRow(labels.get(a), cells));
				a++;
			}
			return new HeatMap(labels, rows);
		}

	}

	/**
	 * The counts of one actual label.
	 *
	 * @param label the actual label
	 * @param cells one per predicted label
	 */
	record HeatRow(String label, List<Cell> cells) {

	}

	/**
	 * One cell of the heat map.
	 *
	 * @param count rows of the row's label predicted as the column's
	 * @param shade its classes: {@code heat-0} to {@code heat-9}, and {@code diagonal}
	 */
	record Cell(long count, String shade) {

	}

	/**
	 * A class's figures.
	 *
	 * @param label the label
	 * @param precision its precision
	 * @param recall its recall
	 * @param f1 its F1 score
	 * @param support rows with it as the actual label
	 */
	record ClassRow(String label, String precision, String recall, String f1, long support) {

		static List<ClassRow> of(@Nullable JsonNode perClass) {
			var rows = new ArrayList<ClassRow>();
			if (perClass != null) {
				for (JsonNode c : perClass) {
					rows.add(new ClassRow(c.path("label").asString(""), figure(c.path("precision")),
							figure(c.path("recall")), figure(c.path("f1")), c.path("support").asLong()));
				}
			}
			return rows;
		}

	}

	/**
	 * A row predicted wrong, or skipped.
	 *
	 * @param row its number among the data rows
	 * @param where its CSV line, or the picture's name
	 * @param actual the true label or value
	 * @param predicted the model's answer
	 * @param measure the confidence (classification) or residual (regression), or the
	 * reason a row was skipped
	 */
	record RowView(long row, String where, String actual, String predicted, String measure) {

		static List<RowView> errors(@Nullable JsonNode errors) {
			var rows = new ArrayList<RowView>();
			if (errors != null) {
				for (JsonNode e : errors) {
					String measure = e.has("residual") ? figure(e.get("residual"))
							: e.path("confidence").isNumber() ? figure(e.get("confidence")) : "–";
					rows.add(new RowView(e.path("row").asLong(), where(e), value(e.path("actual")),
							value(e.path("predicted")), measure));
				}
			}
			return rows;
		}

		static List<RowView> skipped(@Nullable JsonNode skipped) {
			var rows = new ArrayList<RowView>();
			if (skipped != null) {
				for (JsonNode s : skipped) {
					rows.add(new RowView(s.path("row").asLong(), where(s), "", "", s.path("reason").asString("")));
				}
			}
			return rows;
		}

		static String where(JsonNode row) {
			return row.has("entry") ? row.get("entry").asString() : "line " + row.path("line").asLong();
		}

		static String value(JsonNode value) {
			return (value.isFloatingPointNumber()) ? figure(value) : value.asString("");
		}

	}

	/**
	 * One bin of the residual histogram.
	 *
	 * @param from its lower edge
	 * @param to its upper edge
	 * @param count residuals in it
	 * @param max the largest bin's count, the meter's scale
	 */
	record Bin(String from, String to, long count, long max) {

		static List<Bin> of(@Nullable JsonNode histogram) {
			var bins = new ArrayList<Bin>();
			if (histogram == null || !histogram.path("counts").isArray()) {
				return bins;
			}
			long max = 1;
			for (JsonNode count : histogram.get("counts")) {
				max = Math.max(max, count.asLong());
			}
			JsonNode edges = histogram.path("edges");
			for (int i = 0; i < histogram.get("counts").size(); i++) {
				bins.add(new Bin(figure(edges.path(i)), figure(edges.path(i + 1)),
						histogram.get("counts").get(i).asLong(), max));
			}
			return bins;
		}

	}

}
