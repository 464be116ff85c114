package io.modelhost.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.LastAdminException;
import io.modelhost.accounts.OwnAccountException;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserAdministration;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserNotFoundException;
import io.modelhost.accounts.UserQuery;
import io.modelhost.monitoring.PlatformSample;
import io.modelhost.monitoring.ResourceMonitor;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' pages: users (enable, disable, promote, demote, delete), every
 * user's models, and the platform's health. The site's security configuration lets only
 * administrators in; the same rules as the JSON API apply (never oneself, never the last
 * administrator).
 */
@Controller
class AdminPages {

	private static final int PAGE_SIZE = 100;

	private final UserAdministration users;

	private final ModelRegistry registry;

	private final ResourceMonitor resources;

	private final HealthEndpoint health;

	private final Clock clock;

	AdminPages(UserAdministration users, ModelRegistry registry, ResourceMonitor resources, HealthEndpoint health,
			Clock clock) {
		this.users = users;
		this.registry = registry;
		this.resources = resources;
		this.health = health;
		this.clock = clock;
	}

	@GetMapping("/admin")
	String home() {
		return "redirect:/admin/users";
	}

	@GetMapping("/admin/users")
	String users(Caller caller, @RequestParam(required = false) @Nullable String q, ModelMap page) {
		String search = (q != null && !q.isBlank()) ? q.strip() : null;
		page.addAttribute("users",
				this.users.list(new UserQuery(search, null, null, 0, PAGE_SIZE))
					.users()
					.stream()
					.map((account) -> new UserRow(account.id().value(), account.username(), account.email(),
							name(account.role()), account.enabled(), ModelRow.CREATED.format(account.createdAt()),
							account.id().equals(caller.userId())))
					.toList());
		page.addAttribute("q", (search != null) ? search : "");
		return "admin/users";
	}

	@PostMapping("/admin/users/{id}")
	String update(Caller caller, @PathVariable String id, @RequestParam(required = false) @Nullable Boolean enabled,
			@RequestParam(required = false) @Nullable String role, RedirectAttributes flash) {
		Role newRole = (role != null) ? Role.valueOf(role.toUpperCase(Locale.ROOT)) : null;
		try {
			Account account = this.users.update(caller.userId(), userId(id), enabled, newRole);
			flash.addFlashAttribute("notice", account.username() + " is now "
					+ (account.enabled() ? "enabled" : "disabled") + ", " + name(account.role()) + ".");
		}
		catch (LastAdminException | OwnAccountException ex) {
			flash.addFlashAttribute("adminError", "Not changed: " + ex.getMessage() + ".");
		}
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/users/{id}/delete")
	String delete(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		UserId user = userId(id);
		String username = this.users.get(user).username();
		try {
			this.users.delete(caller.userId(), user);
			flash.addFlashAttribute("notice", "Deleted " + username + " with their models, keys and logins.");
		}
		catch (LastAdminException | OwnAccountException ex) {
			flash.addFlashAttribute("adminError", "Not deleted: " + ex.getMessage() + ".");
		}
		return "redirect:/admin/users";
	}

	@GetMapping("/admin/models")
	String models(ModelMap page) {
		List<Model> models = this.registry
			.listAll(null, new ModelQuery(null, null, null, ModelQuery.Sort.CREATED_AT, true, 0, PAGE_SIZE))
			.models();
		Map<UserId, String> owners = new HashMap<>();
		for (Model model : models) {
			owners.computeIfAbsent(model.owner(), (owner) -> {
				try {
					return this.users.get(owner).username();
				}
				catch (UserNotFoundException ex) {
					return "(deleted)";
				}
			});
		}
		page.addAttribute("models",
				models.stream()
					.map((model) -> new AdminModelRow(model.id().value(), model.name(), owners.get(model.owner()),
							model.status().name().toLowerCase(Locale.ROOT), model.version().format().id(),
							model.version().number(), ModelRow.CREATED.format(model.createdAt())))
					.toList());
		return "admin/models";
	}

	@GetMapping("/admin/health")
	String health(ModelMap page) {
		HealthDescriptor overall = this.health.health();
		var components = new LinkedHashMap<String, String>();
		if (overall instanceof CompositeHealthDescriptor composite) {
			composite.getComponents().forEach((name, part) -> components.put(name, part.getStatus().getCode()));
		}
		page.addAttribute("status", overall.getStatus().getCode());
		page.addAttribute("components", components);
		Instant now = this.clock.instant();
		List<PlatformSample> samples = this.resources.platform(now.minus(Duration.ofMinutes(10)), now.plusSeconds(1));
		PlatformSample latest = samples.isEmpty() ? null : samples.get(samples.size() - 1);
		page.addAttribute("platform", latest);
		page.addAttribute("sampledAt", (latest != null) ? ModelRow.CREATED.format(latest.at()) : null);
		return "admin/health";
	}

	private static UserId userId(String id) {
		if (!id.matches("[0-9a-f-]{36}")) {
			throw new UserNotFoundException();
		}
		return new UserId(id);
	}

	private static String name(Role role) {
		return role.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * One user in the administrators' list.
	 *
	 * @param id the user's id
	 * @param username their username
	 * @param email their email address
	 * @param role user or admin
	 * @param enabled whether they may sign in
	 * @param created when they registered, for reading
	 * @param self whether this is the administrator looking, whom the actions would
	 * refuse (never oneself)
	 */
	record UserRow(String id, String username, String email, String role, boolean enabled, String created,
			boolean self) {

	}

	/**
	 * One model in the administrators' list.
	 *
	 * @param id the model's id
	 * @param name its name
	 * @param owner its owner's username
	 * @param status active, inactive or failed
	 * @param format the served version's format
	 * @param version the served version
	 * @param created when it was created, for reading
	 */
	record AdminModelRow(String id, String name, String owner, String status, String format, int version,
			String created) {

	}

}
