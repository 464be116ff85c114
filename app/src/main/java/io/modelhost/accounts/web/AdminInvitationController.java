package io.modelhost.accounts.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.Invitation;
import io.modelhost.accounts.InvitationNotFoundException;
import io.modelhost.accounts.Invitations;
import io.modelhost.accounts.IssuedInvitation;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations to register, for {@code modelhost.accounts.registration=invite}. Only
 * administrators get here (the security configuration answers 403 to everyone else).
 */
@RestController
@RequestMapping("/api/v1/admin/invitations")
@Tag(name = "Administration", description = "Users and their roles; administrators only")
class AdminInvitationController {

	private static final String ID = "[0-9a-f-]{36}";

	private final Invitations invitations;

	private final PublicUrls urls;

	AdminInvitationController(Invitations invitations, PublicUrls urls) {
		this.invitations = invitations;
		this.urls = urls;
	}

	@PostMapping
	@Operation(summary = "Create an invitation",
			description = "The answer holds the token and the dashboard's sign-up link that carries it: they are "
					+ "shown once (only a hash is kept). One registration can use it, before it expires "
					+ "(default 72 hours, at most 720), with the given email address if there is one. Invitations "
					+ "are only asked for when modelhost.accounts.registration is invite.")
	ResponseEntity<CreatedInvitationResponse> create(Caller caller,
			@Valid @RequestBody(required = false) @Nullable CreateInvitationRequest request) {
		CreateInvitationRequest body = (request != null) ? request : new CreateInvitationRequest(null, null);
		IssuedInvitation issued = this.invitations.create(caller.userId(), body.email(),
				Duration.ofHours((body.expiresInHours() != null) ? body.expiresInHours() : 72));
		String url = this.urls.of("/signup?invitation=" + URLEncoder.encode(issued.token(), StandardCharsets.UTF_8));
		Invitation invitation = issued.invitation();
		return ResponseEntity.created(URI.create("/api/v1/admin/invitations/" + invitation.id()))
			.body(new CreatedInvitationResponse(invitation.id(), url, issued.token(), invitation.email(),
					invitation.expiresAt()));
	}

	@GetMapping
	@Operation(summary = "List invitations", description = "Newest first (the latest 500), without their tokens.")
	InvitationListResponse list() {
		return new InvitationListResponse(this.invitations.list().stream().map(InvitationResponse::of).toList());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke an invitation",
			description = "No registration can use it any more; revoking a used or revoked one changes nothing.")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
		if (!id.matches(ID)) {
			throw new InvitationNotFoundException();
		}
		this.invitations.revoke(caller.userId(), id);
		return ResponseEntity.noContent().build();
	}

	record CreateInvitationRequest(@Schema(
			description = "The only email address that may register with it; any when absent") @Nullable @Email @Size(
					max = 254) String email,
			@Schema(description = "Hours until it expires", defaultValue = "72",
					maximum = "720") @Nullable @Min(1) @Max(720) Integer expiresInHours) {

	}

	record CreatedInvitationResponse(String id, String url, String token, @Nullable String email, Instant expiresAt) {

		@Override
		public String toString() {
			return "CreatedInvitationResponse[" + this.id + "]";
		}

	}

	record InvitationResponse(String id, @Nullable String email, @Nullable String createdBy, Instant createdAt,
			Instant expiresAt, @Nullable Instant usedAt, @Nullable Instant revokedAt) {

		static InvitationResponse of(Invitation invitation) {
			return new InvitationResponse(invitation.id(), invitation.email(),
					(invitation.createdBy() != null) ? invitation.createdBy().value() : null, invitation.createdAt(),
					invitation.expiresAt(), invitation.usedAt(), invitation.revokedAt());
		}

	}

	record InvitationListResponse(List<InvitationResponse> items) {

	}

}
