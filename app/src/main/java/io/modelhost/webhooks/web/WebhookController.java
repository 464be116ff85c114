package io.modelhost.webhooks.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.webhooks.Delivery;
import io.modelhost.webhooks.Webhook;
import io.modelhost.webhooks.WebhookEvent;
import io.modelhost.webhooks.Webhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhooks: register, list, change, try, remove, and read the delivery log. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed HTTP callbacks for your models' events")
class WebhookController {

	private final Webhooks webhooks;

	WebhookController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping
	@Operation(summary = "Register a webhook",
			description = "Events: prediction, prediction.error, model.created, model.updated, model.deleted, "
					+ "alert.raised, model.idle, test. The secret that signs deliveries is in this response only.")
	ResponseEntity<CreatedWebhookResponse> create(Caller caller, @Valid @RequestBody CreateWebhookRequest request) {
		Webhook.Created created = this.webhooks.create(caller.userId(), request.url(), request.events(),
				request.modelId(), request.description());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.webhook().id()))
			.body(new CreatedWebhookResponse(WebhookResponse.of(created.webhook()), created.secret()));
	}

	@GetMapping
	@Operation(summary = "List your webhooks")
	List<WebhookResponse> list(Caller caller) {
		return this.webhooks.list(caller.userId()).stream().map(WebhookResponse::of).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One webhook")
	WebhookResponse get(Caller caller, @PathVariable String id) {
		return WebhookResponse.of(this.webhooks.get(caller.userId(), id));
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a webhook", description = "An empty model_id makes it about all your models.")
	WebhookResponse update(Caller caller, @PathVariable String id, @Valid @RequestBody UpdateWebhookRequest request) {
		return WebhookResponse.of(this.webhooks.update(caller.userId(), id, request.url(), request.events(),
				request.modelId(), request.description(), request.enabled()));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove a webhook", description = "Its pending deliveries go with it.")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
		this.webhooks.delete(caller.userId(), id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/test")
	@Operation(summary = "Send a test event now", description = "Returns the delivery after its first attempt.")
	Delivery test(Caller caller, @PathVariable String id) {
		return this.webhooks.test(caller.userId(), id);
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "The delivery log", description = "Newest first, each with every attempt and its status.")
	List<Delivery> deliveries(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
		return this.webhooks.deliveries(caller.userId(), id, limit);
	}

	record CreateWebhookRequest(@NotBlank @Size(max = 2048) String url, @NotEmpty @Size(max = 8) List<String> events,
			@Nullable @Size(max = 36) String modelId, @Nullable @Size(max = 500) String description) {

	}

	record UpdateWebhookRequest(@Nullable @Size(max = 2048) String url, @Nullable @Size(max = 8) List<String> events,
			@Nullable @Size(max = 36) String modelId, @Nullable @Size(max = 500) String description,
			@Nullable Boolean enabled) {

	}

	record WebhookResponse(String id, String url, List<String> events, @Nullable String modelId, String description,
			boolean enabled, Instant createdAt, @Nullable Instant lastTriggeredAt) {

		static WebhookResponse of(Webhook webhook) {
			return new WebhookResponse(webhook.id(), webhook.url().toString(),
					webhook.events().stream().map(WebhookEvent::label).sorted().toList(), webhook.modelId(),
					webhook.description(), webhook.enabled(), webhook.createdAt(), webhook.lastTriggeredAt());
		}

	}

	record CreatedWebhookResponse(WebhookResponse webhook, String secret) {

	}

}
