package io.modelhost.jobs.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobFeed;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobKind;
import io.modelhost.jobs.JobPage;
import io.modelhost.jobs.JobQuery;
import io.modelhost.jobs.JobStatus;
import io.modelhost.jobs.Jobs;
import io.modelhost.web.InvalidParameterException;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Jobs of every kind: list, read, cancel, follow. Kinds with endpoints of their own
 * (training) submit through those; these are the common surface.
 */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Long-running work of any kind: its status, progress, events, and cancelling it")
class JobController {

	private static final Logger log = LoggerFactory.getLogger(JobController.class);

	/** How long one wait for events lasts before a comment keeps the stream alive. */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final Jobs jobs;

	JobController(Jobs jobs) {
		this.jobs = jobs;
	}

	@GetMapping
	@Operation(summary = "List your jobs", description = "Newest first, paginated; filter by kind and by status "
			+ "(queued, running, succeeded, failed, cancelled).")
	JobListResponse list(Caller caller, @RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		JobPage result = this.jobs.list(caller.userId(), new JobQuery(kind(kind), status(status),
				QueryParameters.number("page", page, 0, 1_000_000), QueryParameters.number("size", size, 1, 100)));
		return new JobListResponse(result.jobs().stream().map(JobResponse::of).toList(), result.page(), result.size(),
				result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One job", description = "Its status, progress (0..1), stage, parameters, and its result "
			+ "or error once it has finished.")
	JobResponse get(Caller caller, @PathVariable String id) {
		return JobResponse.of(this.jobs.get(caller.userId(), JobId.parse(id)));
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a job", description = "A queued job is cancelled at once (200); a running one "
			+ "stops within 2 seconds (202, with cancel_requested until it has). A finished job answers 409.")
	ResponseEntity<JobResponse> cancel(Caller caller, @PathVariable String id) {
		Job job = this.jobs.cancel(caller.userId(), JobId.parse(id));
		return ResponseEntity.status(job.status().finished() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.body(JobResponse.of(job));
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow a job as Server-Sent Events",
			description = "First 'state' (the job now) and the job's own events so far, then each event as it "
					+ "happens: 'status' (it started), 'progress' ({progress, stage}), the kind's own events (e.g. "
					+ "'candidate'), and a final 'done' ({result}), 'failed' ({error}) or 'cancelled', after which "
					+ "the stream ends. Every event has an id: reconnect with Last-Event-ID to resume after it.")
	SseEmitter events(Caller caller, @PathVariable String id,
			@Parameter(description = "The last event seen, to resume after it") @RequestHeader(name = "Last-Event-ID",
					required = false) @Nullable String lastEventId) {
		JobFeed feed = this.jobs.follow(caller.userId(), JobId.parse(id), eventId(lastEventId));
		SseEmitter emitter = new SseEmitter(this.jobs.streamTimeout().toMillis());
		Thread.ofVirtual().name("job-events-" + id).start(() -> stream(feed, emitter));
		return emitter;
	}

	private static void stream(JobFeed feed, SseEmitter emitter) {
		try {
			while (!feed.finished()) {
				List<JobEvent> events = feed.next(KEEP_ALIVE);
				if (events.isEmpty() && !feed.finished()) {
					emitter.send(SseEmitter.event().comment("waiting"));
				}
				for (JobEvent event : events) {
					emitter.send(SseEmitter.event()
						.id(Long.toString(event.sequence()))
						.name(event.name())
						.data(event.data(), MediaType.APPLICATION_JSON));
				}
			}
			emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away, or the stream timed out: nothing to tell anyone
			log.debug("Event stream of job {} ended: {}", feed.job().id(), ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			emitter.complete();
		}
		catch (RuntimeException ex) {
			log.error("Event stream of job {} failed", feed.job().id(), ex);
			emitter.completeWithError(ex);
		}
	}

	private static @Nullable JobKind kind(@Nullable String kind) {
		String text = QueryParameters.blankToNull(kind);
		if (text == null) {
			return null;
		}
		try {
			return new JobKind(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException("kind", "kind must be lower-case letters, digits and dashes");
		}
	}

	private static @Nullable JobStatus status(@Nullable String status) {
		String text = QueryParameters.blankToNull(status);
		if (text == null) {
			return null;
		}
		return JobStatus.of(text)
			.orElseThrow(() -> new InvalidParameterException("status",
					"status must be one of queued, running, succeeded, failed, cancelled"));
	}

	private static @Nullable Long eventId(@Nullable String lastEventId) {
		String text = QueryParameters.blankToNull(lastEventId);
		if (text == null) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			// not one of ours: start from the job's state
			return null;
		}
	}

}
