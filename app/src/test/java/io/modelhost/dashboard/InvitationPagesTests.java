package io.modelhost.dashboard;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.InviteOnly;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-up page when sign-up needs an invitation, in a browser without JavaScript:
 * only the invitation link shows the form, and the form uses the invitation once.
 */
@InviteOnly
class InvitationPagesTests extends HttpTests {

	@Test
	void theSignUpPageNeedsAnInvitationLink() {
		PageClient.Page page = new PageClient(this.port).get("/signup");
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("Sign-up on this server needs an invitation").doesNotContain("<form");
		assertThat(new PageClient(this.port).get("/login").body()).doesNotContain("href=\"/signup\"");
	}

	@Test
	void anInvitationLinkSignsUpOneUser() {
		ApiClient.Response created = admin().post("/api/v1/admin/invitations", Map.of());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String url = created.json().get("url").asString();
		String path = url.substring(url.indexOf("/signup"));
		String name = "pageinvited" + System.nanoTime();

		var client = new PageClient(this.port);
		PageClient.Page form = client.get(path);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("type=\"hidden\" name=\"invitation\"");
		PageClient.Page signedUp = client.post("/signup", Map.of("username", name, "email", name + "@example.com",
				"password", "correct horse battery", "invitation", created.json().get("token").asString()));
		assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(302);
		assertThat(signedUp.location()).endsWith("/models");

		var again = new PageClient(this.port);
		again.get(path);
		PageClient.Page refused = again.post("/signup", Map.of("username", name + "b", "email", name + "b@example.com",
				"password", "correct horse battery", "invitation", created.json().get("token").asString()));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("This invitation cannot be used");
	}

}
