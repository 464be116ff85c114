package io.modelhost.serving.web;

import java.time.Clock;
import java.util.UUID;

import io.modelhost.registry.ModelId;
import io.modelhost.serving.PredictionCall;
import io.modelhost.usage.UsageLedger;
import io.modelhost.usage.UsageRecord;
import io.modelhost.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
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

	UsageRecording(UsageLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
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
		String requestId = RequestIds.of(request);
		this.ledger.record(new UsageRecord(UUID.randomUUID().toString(), (requestId != null) ? requestId : "",
				model.value(), call.modelVersion(), call.caller().userId().value(), call.caller().apiKeyId(),
				call.protocol(), response.getStatus(), call.rows(), (System.nanoTime() - call.startedNanos()) / 1_000,
				call.queueNanos() / 1_000, call.batchSize(), this.clock.instant()));
	}

}
