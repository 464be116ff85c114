package io.modelhost.jobs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job kind for the tests: {@code sleep} sleeps {@code steps} times {@code step_ms},
 * reporting progress and a {@code tick} event after each step, and checking for a cancel
 * before each; {@code fail} fails it with that message after the steps;
 * {@code ignore_cancel} makes it sleep through a cancel, so that only the interrupt stops
 * it.
 */
final class SleepJobs implements JobHandler {

	static final JobKind KIND = new JobKind("sleep");

	@Override
	public JobKind kind() {
		return KIND;
	}

	@Override
	public void validate(JsonNode parameters) {
		if (!parameters.path("steps").isInt() || parameters.get("steps").asInt() < 1) {
			throw new InvalidJobParametersException("steps", "steps must be a whole number >= 1");
		}
	}

	@Override
	public JsonNode run(JsonNode parameters, JobContext context) throws InterruptedException {
		int steps = parameters.get("steps").asInt();
		long stepMillis = parameters.path("step_ms").asLong(50);
		boolean ignoreCancel = parameters.path("ignore_cancel").asBoolean(false);
		context.stage("sleeping");
		for (int step = 0; step < steps; step++) {
			if (!ignoreCancel) {
				context.throwIfCancelled();
			}
			Thread.sleep(stepMillis);
			context.progress((step + 1) / (double) steps, "step " + (step + 1) + " of " + steps);
			context.event("tick", JsonNodeFactory.instance.objectNode().put("step", step));
		}
		if (parameters.hasNonNull("fail")) {
			throw new JobFailedException(parameters.get("fail").asString());
		}
		return JsonNodeFactory.instance.objectNode()
			.put("slept_ms", steps * stepMillis)
			.put("threads", context.threads());
	}

}
