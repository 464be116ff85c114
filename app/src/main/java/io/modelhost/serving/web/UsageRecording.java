package io.modelhost.serving.web;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.modelhost.registry.ModelId;
import io.modelhost.serving.PredictionCall;
import io.modelhost.usage.UsageLedger;
import io.modelhost.usage.UsageRecord;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import io.modelhost.web.RequestIds;
import io.modelhost.web.RequestLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records every prediction request that reached a model, with the status it was answered
 * with, once the response is complete (after error handling has chosen the status).
 */
@Configuration(proxyBeanMethods = false)
class UsageRecording implements HandlerInterceptor, WebMvcConfigurer {

	private final UsageLedger ledger;

	private final Clock clock;

	private final MeterRegistry meters;

	UsageRecording(UsageLedger ledger, Clock clock, MeterRegistry meters) {
		this.ledger = ledger;
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	/**
	 * The prediction metrics, one schema for every format and protocol: requests and
	 * their latency by model, version, protocol and outcome; queue wait and batch size by
	 * model.
	 */
	private void meter(UsageRecord record, long latencyNanos, long queueNanos) {
		Tags model = Tags.of("model", record.modelId(), "version", Integer.toString(record.modelVersion()));
		Timer.builder("modelhost.predictions")
			.description("Prediction requests that reached a model, and their latency")
			.tags(model.and("protocol", record.protocol(), "outcome", record.outcome()))
			.publishPercentileHistogram()
			.register(this.meters)
			.record(latencyNanos, TimeUnit.NANOSECONDS);
		if (record.batchSize() > 0) {
			Timer.builder("modelhost.queue.wait")
				.description("Time a prediction waited in its model's queue")
				.tags(model)
				.publishPercentileHistogram()
				.register(this.meters)
				.record(queueNanos, TimeUnit.NANOSECONDS);
			DistributionSummary.builder("modelhost.batch.size")
				.description("Requests run together in one batch")
				.tags(model)
				.register(this.meters)
				.record(record.batchSize());
		}
	}

	/** The problem type's slug: its URI after {@link Problems#TYPE_BASE}. */
	private static @Nullable String slug(ProblemDetail problem) {
		String type = problem.getType().toString();
		return truncated(type.startsWith(Problems.TYPE_BASE) ? type.substring(Problems.TYPE_BASE.length()) : type, 64);
	}

	private static @Nullable String truncated(@Nullable String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length);
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(request.getAttribute(PredictionCall.REQUEST_ATTRIBUTE) instanceof PredictionCall call)) {
			return;
		}
		ModelId model = call.modelId();
		if (model == null) {
			return; // no model of the caller's: nothing to attribute the request to
		}
		long latencyNanos = System.nanoTime() - call.startedNanos();
		String requestId = RequestIds.of(request);
		int status = (call.answeredStatus() > 0) ? call.answeredStatus() : response.getStatus();
		String errorType = call.answeredErrorType();
		String errorTitle = null;
		if (errorType == null && status >= 400
				&& request.getAttribute(ProblemResponses.PROBLEM_ATTRIBUTE) instanceof ProblemDetail problem) {
			errorType = slug(problem);
			errorTitle = truncated(problem.getTitle(), 100);
		}
		var record = new UsageRecord(UUID.randomUUID().toString(), (requestId != null) ? requestId : "", model.value(),
				call.modelVersion(), call.caller().userId().value(), call.caller().apiKeyId(), call.protocol(), status,
				call.rows(), latencyNanos / 1_000, call.queueNanos() / 1_000, call.batchSize(), this.clock.instant(),
				errorType, errorTitle);
		this.ledger.record(record);
		meter(record, latencyNanos, call.queueNanos());
		RequestLog.tag(request, "model.id", record.modelId());
		RequestLog.tag(request, "model.version", record.modelVersion());
	}

}
