package io.modelhost.serving;

import io.modelhost.registry.ModelDeleted;
import io.modelhost.scheduling.ModelScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of serving, before the web server's own: readiness turns false (load
 * balancers stop sending), new predictions get 503, and queued and running ones finish.
 * Also drops the queues of deleted models.
 */
@Component
class ServingLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ServingLifecycle.class);

	private final ModelScheduler scheduler;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	ServingLifecycle(ModelScheduler scheduler, ApplicationEventPublisher events) {
		this.scheduler = scheduler;
		this.events = events;
	}

	/**
	 * Also after a stop: a context can be stopped and started again (Spring's test
	 * framework pauses cached contexts this way), and must then serve again.
	 */
	@Override
	public void start() {
		if (this.scheduler.isShuttingDown()) {
			this.scheduler.resume();
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
			log.info("Serving again after a stop");
		}
		this.running = true;
	}

	@Override
	public void stop() {
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		log.info("Shutting down: readiness is false, draining predictions");
		boolean drained = this.scheduler.drain();
		log.info("Predictions drained: {}", drained ? "all finished" : "timed out");
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the web server's graceful shutdown (which runs at a lower phase). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@EventListener
	void on(ModelDeleted deleted) {
		deleted.versionIds().forEach(this.scheduler::forget);
	}

}
