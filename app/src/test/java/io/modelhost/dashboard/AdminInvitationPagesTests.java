package io.modelhost.dashboard;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.HttpTests;
import io.modelhost.accounts.InviteOnly;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' invitations page over real HTTP, without JavaScript, with sign-up
 * by invitation only: a new invitation's link is shown once after the redirect and signs
 * up one user; invitations are listed and revoked; nobody else gets in.
 */
@InviteOnly
class AdminInvitationPagesTests extends HttpTests {

	private static final Pattern LINK = Pattern.compile("id=\"invitation-url\"[^>]*value=\"([^\"]+)\"");

	@Test
	void onlyAdministratorsGetIn() {
		String name = "notadmin" + Long.toHexString(System.nanoTime());
		assertThat(
				admin()
					.post("/api/v1/admin/users",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		var user = new PageClient(this.port);
		user.get("/login");
		assertThat(user.post("/login", Map.of("username", name, "password", "correct horse battery")).status())
			.isEqualTo(302);
		assertThat(user.get("/admin/invitations").status()).isEqualTo(403);
		user.get("/models");
		PageClient.Page refused = user.post("/admin/invitations", Map.of("expires_in_hours", "24"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(new PageClient(this.port).get("/admin/invitations").status()).isEqualTo(302);
		assertThat(user.get("/models").body()).doesNotContain("/admin/invitations");
	}

	@Test
	void theLinkIsShownOnceAfterTheRedirectAndSignsUpOneUser() {
		PageClient admin = adminPages();
		String email = "invited_" + Long.toHexString(System.nanoTime()) + "@example.com";
		admin.get("/admin/invitations");
		PageClient.Page created = admin.post("/admin/invitations", Map.of("email", email, "expires_in_hours", "24"));
		assertThat(created.status()).as("redirected after the post").isEqualTo(302);
		assertThat(created.location()).endsWith("/admin/invitations");
		assertThat(created.body()).doesNotContain("mhi_");

		PageClient.Page shown = admin.get("/admin/invitations");
		Matcher link = LINK.matcher(shown.body());
		assertThat(link.find()).as(shown.body()).isTrue();
		String url = link.group(1).replace("&amp;", "&");
		assertThat(url).startsWith("http://127.0.0.1:" + this.port + "/signup?invitation=mhi_");
		assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		assertThat(shown.body()).contains(email).contains("Copy its link now");
		assertThat(admin.get("/admin/invitations").body()).as("reloading shows it no more")
			.doesNotContain("id=\"invitation-url\"")
			.doesNotContain("mhi_")
			.contains(email);

		var invitee = new PageClient(this.port);
		invitee.get(url.substring(url.indexOf("/signup")));
		String token = url.substring(url.indexOf("invitation=") + "invitation=".length());
		String username = "invitee" + System.nanoTime();
		PageClient.Page signedUp = invitee.post("/signup",
				Map.of("username", username, "email", email, "password", "correct horse battery", "invitation", token));
		assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(302);
		JsonNode listed = invitation(email);
		assertThat(listed.get("used_at")).isNotNull();
		assertThat(admin.get("/admin/invitations").body()).contains(">used<");
	}

	@Test
	void revokesAnInvitationAndRefusesBadHours() {
		PageClient admin = adminPages();
		String email = "revoked_" + Long.toHexString(System.nanoTime()) + "@example.com";
		admin.get("/admin/invitations");
		admin.post("/admin/invitations", Map.of("email", email, "expires_in_hours", "72"));
		String id = invitation(email).get("id").asString();
		assertThat(admin.get("/admin/invitations").body()).contains("data-invitation=\"" + id + "\"");

		PageClient.Page revoked = admin.post("/admin/invitations/" + id + "/revoke", Map.of());
		assertThat(revoked.status()).isEqualTo(302);
		assertThat(invitation(email).get("revoked_at")).isNotNull();
		String page = admin.get("/admin/invitations").body();
		assertThat(page).contains("Invitation revoked").contains(">revoked<");
		assertThat(admin.post("/admin/invitations/00000000-0000-0000-0000-000000000000/revoke", Map.of()).status())
			.isEqualTo(404);

		int before = admin().get("/api/v1/admin/invitations").json().get("items").size();
		for (String hours : new String[] { "0", "721", "soon" }) {
			admin.get("/admin/invitations");
			admin.post("/admin/invitations", Map.of("expires_in_hours", hours));
			assertThat(admin.get("/admin/invitations").body()).as(hours)
				.contains("id=\"admin-error\"")
				.contains("Not created");
		}
		admin.get("/admin/invitations");
		admin.post("/admin/invitations", Map.of("email", "not an address", "expires_in_hours", "1"));
		assertThat(admin.get("/admin/invitations").body()).contains("Not created");
		assertThat(admin().get("/api/v1/admin/invitations").json().get("items").size()).isEqualTo(before);
	}

	private JsonNode invitation(String email) {
		for (JsonNode item : admin().get("/api/v1/admin/invitations").json().get("items")) {
			if (email.equals(item.path("email").asString(null))) {
				return item;
			}
		}
		throw new AssertionError("no invitation for " + email);
	}

	private PageClient adminPages() {
		var client = new PageClient(this.port);
		client.get("/login");
		PageClient.Page signedIn = client.post("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));
		assertThat(signedIn.status()).isEqualTo(302);
		return client;
	}

}
