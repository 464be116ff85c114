package io.modelhost.analysis;

import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.analysis.internal.AnalysisParameters;
import io.modelhost.analysis.internal.EvaluationIndex;
import io.modelhost.analysis.internal.EvaluationJobs;
import io.modelhost.analysis.internal.Orders;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobKind;
import io.modelhost.jobs.JobNotFoundException;
import io.modelhost.jobs.JobPage;
import io.modelhost.jobs.Jobs;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;

import org.springframework.stereotype.Service;

/**
 * Evaluating a model version on one of the caller's labelled datasets: submit an
 * evaluation job, read one, list a model's. Who may evaluate a model is who may call its
 * endpoint (an API key only within its model scope); the job, like every job, is its
 * submitter's alone.
 */
@Service
public class Evaluations {

	private final Orders orders;

	private final Jobs jobs;

	private final EvaluationIndex index;

	private final ModelRegistry registry;

	Evaluations(Orders orders, Jobs jobs, EvaluationIndex index, ModelRegistry registry) {
		this.orders = orders;
		this.jobs = jobs;
		this.index = index;
		this.registry = registry;
	}

	/**
	 * Checks an evaluation against its model and dataset and queues it.
	 * @return the job, queued
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller cannot see the
	 * model
	 * @throws ModelOutOfScopeException if the caller's API key is made for other models
	 * @throws io.modelhost.registry.NotPermittedException if the caller may see but not
	 * use the model
	 * @throws io.modelhost.registry.VersionNotFoundException if it has no such version
	 * @throws io.modelhost.datasets.DatasetNotFoundException if the caller has no such
	 * dataset
	 * @throws InvalidAnalysisRequestException listing every problem of the order
	 * @throws io.modelhost.jobs.JobLimitException if the caller has too many unfinished
	 * jobs
	 */
	public Job submit(Caller caller, String modelId, EvaluationOrder order) {
		ServingTarget model = this.orders.model(caller, ModelId.parse(modelId).value(), order.version());
		AnalysisParameters parameters = this.orders.check(caller, List.of(model), order.datasetId(), order.target());
		Job job = this.jobs.submit(caller.userId(), EvaluationJobs.KIND, parameters.toJson());
		this.index.insert(job, model.id());
		return job;
	}

	/**
	 * One of the caller's evaluations.
	 * @throws JobNotFoundException if the caller has no evaluation with this id
	 * @throws ModelOutOfScopeException if the caller's API key is made for other models
	 */
	public Job get(Caller caller, JobId id) {
		return analysis(this.jobs, caller, id, EvaluationJobs.KIND);
	}

	/**
	 * One page of the caller's evaluations of a model, newest first.
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller cannot see the
	 * model
	 * @throws ModelOutOfScopeException if the caller's API key is made for other models
	 */
	public JobPage list(Caller caller, String modelId, int page, int size) {
		ModelId id = this.registry.get(caller.userId(), ModelId.parse(modelId)).id();
		if (!caller.mayUse(id.value())) {
			throw new ModelOutOfScopeException();
		}
		List<Job> jobs = this.index.list(caller.userId(), id, page, size)
			.stream()
			.map((job) -> this.jobs.get(caller.userId(), job))
			.toList();
		return new JobPage(jobs, page, size, this.index.count(caller.userId(), id));
	}

	/**
	 * Cancels one of the caller's evaluations: a queued one at once, a running one within
	 * 2 seconds.
	 * @throws JobNotFoundException if the caller has no evaluation with this id
	 * @throws io.modelhost.jobs.JobAlreadyFinishedException if it has finished
	 */
	public Job cancel(Caller caller, JobId id) {
		get(caller, id);
		return this.jobs.cancel(caller.userId(), id);
	}

	/**
	 * A job of the caller's of an analysis kind, when the caller's credential may use
	 * every model it scored.
	 */
	static Job analysis(Jobs jobs, Caller caller, JobId id, JobKind kind) {
		Job job = jobs.get(caller.userId(), id);
		if (!job.kind().equals(kind)) {
			throw new JobNotFoundException();
		}
		for (AnalysisParameters.ModelRef model : AnalysisParameters.of(job.parameters()).models()) {
			if (!caller.mayUse(model.modelId())) {
				throw new ModelOutOfScopeException();
			}
		}
		return job;
	}

}
