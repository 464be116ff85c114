package io.modelhost.dashboard;

import java.util.List;
import java.util.Locale;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.Evaluations;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.Datasets;
import io.modelhost.jobs.Job;
import io.modelhost.registry.Model;
import io.modelhost.training.Training;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The model page's evaluation card: the form that starts an evaluation (the user's
 * datasets, the target the model was trained to predict as the default) and the model's
 * latest evaluations.
 */
@Component
class EvaluationPanel {

	private static final int DATASETS = 100;

	private static final int RECENT = 5;

	private final Datasets datasets;

	private final Evaluations evaluations;

	private final Training training;

	EvaluationPanel(Datasets datasets, Evaluations evaluations, Training training) {
		this.datasets = datasets;
		this.evaluations = evaluations;
		this.training = training;
	}

	View of(Caller caller, Model model) {
		List<DatasetOption> options = this.datasets.list(caller.userId(), 0, DATASETS)
			.datasets()
			.stream()
			.map(DatasetOption::of)
			.toList();
		String target = this.training.servedReport(caller.userId(), model.id())
			.map((report) -> report.details().path("target").asString(""))
			.orElse("");
		List<Recent> recent = this.evaluations.list(caller, model.id().value(), 0, RECENT)
			.jobs()
			.stream()
			.map(Recent::of)
			.toList();
		return new View(options, target, recent);
	}

	/**
	 * What the card shows.
	 *
	 * @param datasets the user's datasets to pick from
	 * @param target the target field's default: the trained target, or empty
	 * @param recent the model's latest evaluations, newest first
	 */
	record View(List<DatasetOption> datasets, String target, List<Recent> recent) {

	}

	/**
	 * A dataset to evaluate on.
	 *
	 * @param id its id
	 * @param label its name, kind and size
	 */
	record DatasetOption(String id, String label) {

		static DatasetOption of(Dataset dataset) {
			return new DatasetOption(dataset.id().value(),
					dataset.name() + " (" + dataset.kind().id() + ", " + dataset.filename() + ")");
		}

	}

	/**
	 * One past evaluation.
	 *
	 * @param id the job's id
	 * @param status its status
	 * @param dataset the dataset's name
	 * @param summary its headline metric, or empty
	 * @param created when it was started
	 */
	record Recent(String id, String status, String dataset, String summary, String created) {

		static Recent of(Job job) {
			JsonNode metrics = (job.result() != null) ? job.result().path("metrics") : null;
			String summary = "";
			if (metrics != null) {
				for (String name : List.of("accuracy", "r2")) {
					if (metrics.path(name).isNumber()) {
						summary = name + " " + String.format(Locale.ROOT, "%.4f", metrics.get(name).asDouble());
					}
				}
			}
			return new Recent(job.id().value(), job.status().label(),
					job.parameters().path("dataset_name").asString(""), summary,
					ModelRow.CREATED.format(job.createdAt()));
		}

	}

}
