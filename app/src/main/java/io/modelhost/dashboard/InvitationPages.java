package io.modelhost.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.Invitation;
import io.modelhost.accounts.InvitationNotFoundException;
import io.modelhost.accounts.Invitations;
import io.modelhost.accounts.IssuedInvitation;
import io.modelhost.accounts.Registration;
import io.modelhost.web.PublicUrls;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administrators' invitations in the browser: list, create and revoke. A new invitation's
 * sign-up link is shown once: the form posts, and the link travels in a flash attribute
 * to the page the browser is redirected to, so reloading shows it no more and submits
 * nothing again. Only administrators get here (the site's security configuration,
 * {@code /admin/**}).
 */
@Controller
class InvitationPages {

	private static final String PAGE = "redirect:/admin/invitations";

	private final Invitations invitations;

	private final Accounts accounts;

	private final PublicUrls urls;

	private final Clock clock;

	InvitationPages(Invitations invitations, Accounts accounts, PublicUrls urls, Clock clock) {
		this.invitations = invitations;
		this.accounts = accounts;
		this.urls = urls;
		this.clock = clock;
	}

	@GetMapping("/admin/invitations")
	String list(ModelMap page) {
		Instant now = this.clock.instant();
		page.addAttribute("invitations",
				this.invitations.list().stream().map((i) -> InvitationRow.of(i, now)).toList());
		page.addAttribute("inviteOnly", this.accounts.registration() == Registration.INVITE);
		page.addAttribute("registration", this.accounts.registration().name().toLowerCase(java.util.Locale.ROOT));
		page.addAttribute("maxHours", Invitations.MAX_LIFETIME.toHours());
		return "admin/invitations";
	}

	@PostMapping("/admin/invitations")
	String create(Caller caller, @RequestParam(required = false) @Nullable String email,
			@RequestParam(name = "expires_in_hours", required = false) @Nullable String hours,
			RedirectAttributes flash) {
		String address = (email != null && !email.isBlank()) ? email.strip() : null;
		Long lifetime = hours(hours);
		if (lifetime == null) {
			flash.addFlashAttribute("adminError", "Not created: the hours until it expires must be a whole number from "
					+ "1 to " + Invitations.MAX_LIFETIME.toHours() + ".");
			return PAGE;
		}
		if (address != null && (address.length() > 254 || !address.matches("[^@\\s]+@[^@\\s]+"))) {
			flash.addFlashAttribute("adminError", "Not created: that is no email address.");
			return PAGE;
		}
		IssuedInvitation issued = this.invitations.create(caller.userId(), address, Duration.ofHours(lifetime));
		flash.addFlashAttribute("invitationUrl",
				this.urls.of("/signup?invitation=" + URLEncoder.encode(issued.token(), StandardCharsets.UTF_8)));
		flash.addFlashAttribute("notice", "Invitation created" + ((address != null) ? " for " + address : "")
				+ ". Copy its link now: it is shown only this once.");
		return PAGE;
	}

	@PostMapping("/admin/invitations/{id}/revoke")
	String revoke(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		if (!id.matches("[0-9a-f-]{36}")) {
			throw new InvitationNotFoundException();
		}
		this.invitations.revoke(caller.userId(), id);
		flash.addFlashAttribute("notice", "Invitation revoked: no one can sign up with it any more.");
		return PAGE;
	}

	private static @Nullable Long hours(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return Invitations.DEFAULT_LIFETIME.toHours();
		}
		try {
			long hours = Long.parseLong(text.strip());
			return (hours >= 1 && hours <= Invitations.MAX_LIFETIME.toHours()) ? hours : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * One invitation in the list.
	 *
	 * @param id its id
	 * @param email the only address it admits, or "anyone"
	 * @param created when it was created, for reading
	 * @param expires when it stops working, for reading
	 * @param state open, used, revoked or expired
	 * @param revocable whether it can still be used, and so revoked
	 */
	record InvitationRow(String id, String email, String created, String expires, String state, boolean revocable) {

		static InvitationRow of(Invitation invitation, Instant now) {
			String state = (invitation.usedAt() != null) ? "used" : (invitation.revokedAt() != null) ? "revoked"
					: invitation.expiresAt().isAfter(now) ? "open" : "expired";
			return new InvitationRow(invitation.id(), (invitation.email() != null) ? invitation.email() : "anyone",
					ModelRow.CREATED.format(invitation.createdAt()), ModelRow.CREATED.format(invitation.expiresAt()),
					state, invitation.usableAt(now));
		}

	}

}
