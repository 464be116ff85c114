package io.modelhost.dashboard;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.webhooks.Delivery;
import io.modelhost.webhooks.InvalidWebhookException;
import io.modelhost.webhooks.Webhook;
import io.modelhost.webhooks.WebhookEvent;
import io.modelhost.webhooks.WebhookLimitException;
import io.modelhost.webhooks.Webhooks;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The webhooks pages: the user's webhooks, registering one (URL, events, one model or
 * all), sending a test event, the delivery log, and removing one.
 */
@Controller
class WebhookPages {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final Webhooks webhooks;

	private final ModelRegistry registry;

	WebhookPages(Webhooks webhooks, ModelRegistry registry) {
		this.webhooks = webhooks;
		this.registry = registry;
	}

	@GetMapping("/webhooks")
	String list(Caller caller, ModelMap page) {
		Map<String, String> models = models(caller);
		page.addAttribute("webhooks",
				this.webhooks.list(caller.userId()).stream().map((webhook) -> WebhookRow.of(webhook, models)).toList());
		page.addAttribute("models", models);
		page.addAttribute("events",
				Arrays.stream(WebhookEvent.values())
					.filter((event) -> event != WebhookEvent.TEST)
					.map(WebhookEvent::label)
					.toList());
		return "webhooks/list";
	}

	@PostMapping("/webhooks")
	String create(Caller caller, @RequestParam String url,
			@RequestParam(name = "event", required = false) @Nullable List<String> events,
			@RequestParam(defaultValue = "") String model, @RequestParam(defaultValue = "") String description,
			ModelMap page, HttpServletResponse response, RedirectAttributes flash) {
		try {
			Webhook.Created created = this.webhooks.create(caller.userId(), url, (events != null) ? events : List.of(),
					model.isBlank() ? null : model, description);
			// Post/Redirect/Get: the secret is shown once, on the webhook's page
			flash.addFlashAttribute("secret", created.secret());
			return "redirect:/webhooks/" + created.webhook().id();
		}
		catch (InvalidWebhookException | WebhookLimitException ex) {
			response.setStatus((ex instanceof WebhookLimitException) ? HttpServletResponse.SC_CONFLICT
					: HttpServletResponse.SC_BAD_REQUEST);
			page.addAttribute("error", "Not registered: " + ex.getMessage() + ".");
			page.addAttribute("url", url);
			return list(caller, page);
		}
	}

	@GetMapping("/webhooks/{id}")
	String detail(Caller caller, @PathVariable String id, ModelMap page) {
		Webhook webhook = this.webhooks.get(caller.userId(), id);
		page.addAttribute("webhook", WebhookRow.of(webhook, models(caller)));
		page.addAttribute("deliveries",
				this.webhooks.deliveries(caller.userId(), id, 50).stream().map(DeliveryRow::of).toList());
		return "webhooks/detail";
	}

	@PostMapping("/webhooks/{id}/test")
	String test(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		Delivery delivery = this.webhooks.test(caller.userId(), id);
		flash.addFlashAttribute("notice", "Test event sent: " + DeliveryRow.of(delivery).result() + ".");
		return "redirect:/webhooks/" + id;
	}

	@PostMapping("/webhooks/{id}/delete")
	String delete(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		this.webhooks.delete(caller.userId(), id);
		flash.addFlashAttribute("notice", "Webhook removed; its pending deliveries went with it.");
		return "redirect:/webhooks";
	}

	private Map<String, String> models(Caller caller) {
		var models = new LinkedHashMap<String, String>();
		this.registry.list(caller.userId(), new ModelQuery(null, null, null, ModelQuery.Sort.NAME, false, 0, 100))
			.models()
			.forEach((model) -> models.put(model.id().value(), model.name()));
		return models;
	}

	/**
	 * A webhook, for reading.
	 *
	 * @param id its id
	 * @param url where it posts
	 * @param events what it is told about
	 * @param scope the model it is about, or "all your models"
	 * @param description what it is for
	 * @param enabled whether it is on
	 * @param lastTriggered when an event was last queued for it, or "never"
	 */
	record WebhookRow(String id, String url, String events, String scope, String description, boolean enabled,
			String lastTriggered) {

		static WebhookRow of(Webhook webhook, Map<String, String> models) {
			var labels = new ArrayList<String>();
			webhook.events().forEach((event) -> labels.add(event.label()));
			labels.sort(null);
			return new WebhookRow(webhook.id(), webhook.url().toString(), String.join(", ", labels),
					(webhook.modelId() != null) ? models.getOrDefault(webhook.modelId(), "a model") : "all your models",
					webhook.description(), webhook.enabled(),
					(webhook.lastTriggeredAt() != null) ? WHEN.format(webhook.lastTriggeredAt()) : "never");
		}

	}

	/**
	 * A delivery, for reading.
	 *
	 * @param event what happened
	 * @param state pending, delivered or failed
	 * @param created when it was queued
	 * @param attempts each attempt: time, status or error, duration
	 * @param result the last attempt's outcome
	 */
	record DeliveryRow(String event, String state, String created, List<String> attempts, String result) {

		static DeliveryRow of(Delivery delivery) {
			List<String> attempts = delivery.attempts()
				.stream()
				.map((a) -> "#" + a.number() + " " + WHEN.format(a.at()) + ": "
						+ ((a.statusCode() != null) ? "HTTP " + a.statusCode() : a.error()) + " in "
						+ a.durationMillis() + " ms")
				.toList();
			String result = delivery.attempts().isEmpty() ? delivery.state() : delivery.state() + " ("
					+ attempts.getLast().substring(attempts.getLast().indexOf(": ") + 2) + ")";
			return new DeliveryRow(delivery.event().label(), delivery.state(), WHEN.format(delivery.createdAt()),
					attempts, result);
		}

	}

}
