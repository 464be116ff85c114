package io.modelhost.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.analysis.InvalidAnalysisRequestException.Problem;
import io.modelhost.analysis.internal.AnalysisParameters;
import io.modelhost.analysis.internal.ComparisonJobs;
import io.modelhost.analysis.internal.Orders;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobPage;
import io.modelhost.jobs.JobQuery;
import io.modelhost.jobs.Jobs;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry.ServingTarget;

import org.springframework.stereotype.Service;

/**
 * Comparing 2 to 5 models on the same rows of one of the caller's labelled datasets: each
 * model's served version is scored as by an evaluation, under the same access rules.
 */
@Service
public class Comparisons {

	/** The fewest models a comparison compares. */
	public static final int MIN_MODELS = 2;

	/** The most models a comparison compares. */
	public static final int MAX_MODELS = 5;

	private final Orders orders;

	private final Jobs jobs;

	Comparisons(Orders orders, Jobs jobs) {
		this.orders = orders;
		this.jobs = jobs;
	}

	/**
	 * Checks a comparison against its models and dataset and queues it.
	 * @return the job, queued
	 * @throws InvalidAnalysisRequestException listing every problem of the order
	 * @see Evaluations#submit for the other exceptions, raised for the first model that
	 * fails its check
	 */
	public Job submit(Caller caller, ComparisonOrder order) {
		var problems = new ArrayList<Problem>();
		int count = order.modelIds().size();
		if (count < MIN_MODELS || count > MAX_MODELS) {
			problems.add(new Problem("model_ids",
					"model_ids must name " + MIN_MODELS + " to " + MAX_MODELS + " models but names " + count));
		}
		var seen = new HashSet<String>();
		for (int i = 0; i < count; i++) {
			if (!seen.add(order.modelIds().get(i))) {
				problems.add(new Problem("model_ids/" + i, "the model " + order.modelIds().get(i) + " is named twice"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidAnalysisRequestException(problems, List.of());
		}
		var models = new ArrayList<ServingTarget>();
		for (String id : order.modelIds()) {
			models.add(this.orders.model(caller, ModelId.parse(id).value(), null));
		}
		AnalysisParameters parameters = this.orders.check(caller, models, order.datasetId(), order.target());
		return this.jobs.submit(caller.userId(), ComparisonJobs.KIND, parameters.toJson());
	}

	/**
	 * One of the caller's comparisons.
	 * @throws io.modelhost.jobs.JobNotFoundException if the caller has no comparison with
	 * this id
	 * @throws io.modelhost.accounts.ModelOutOfScopeException if the caller's API key is
	 * made for other models
	 */
	public Job get(Caller caller, JobId id) {
		return Evaluations.analysis(this.jobs, caller, id, ComparisonJobs.KIND);
	}

	/**
	 * Cancels one of the caller's comparisons: a queued one at once, a running one within
	 * 2 seconds.
	 * @throws io.modelhost.jobs.JobNotFoundException if the caller has no comparison with
	 * this id
	 * @throws io.modelhost.jobs.JobAlreadyFinishedException if it has finished
	 */
	public Job cancel(Caller caller, JobId id) {
		get(caller, id);
		return this.jobs.cancel(caller.userId(), id);
	}

	/**
	 * One page of the caller's comparisons, newest first; for an API key made for some
	 * models, those of the page that compare only those models.
	 */
	public JobPage list(Caller caller, int page, int size) {
		JobPage all = this.jobs.list(caller.userId(), new JobQuery(ComparisonJobs.KIND, null, page, size));
		if (caller.modelScope().isEmpty()) {
			return all;
		}
		List<Job> visible = all.jobs()
			.stream()
			.filter((job) -> AnalysisParameters.of(job.parameters())
				.models()
				.stream()
				.allMatch((model) -> caller.mayUse(model.modelId())))
			.toList();
		return new JobPage(visible, all.page(), all.size(), all.total() - (all.jobs().size() - visible.size()));
	}

}
