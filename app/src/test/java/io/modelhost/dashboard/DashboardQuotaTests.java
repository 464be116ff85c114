package io.modelhost.dashboard;

import java.util.Map;
import java.util.function.Supplier;

import io.modelhost.BoundsHttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's anonymous form posts are charged to the client address's quota (20 a
 * minute here), an IPv6 client's to its /64, and the test console to the user's quota (30
 * a minute here), as the API's requests are.
 */
class DashboardQuotaTests extends BoundsHttpTests {

	@Test
	void answersAFloodOfSignInPostsFromOneNetworkWith429() {
		var flood = new PageClient(this.port, "2001:db8:40:1::1");
		flood.get("/login");
		int refusedAt = firstRefused(40, () -> flood.post("/login",
				Map.of("username", "nobody" + System.nanoTime(), "password", "wrong password")));
		assertThat(refusedAt).as("the quota's burst passes").isGreaterThanOrEqualTo(20);

		var sameNetwork = new PageClient(this.port, "2001:db8:40:1:ffff:ffff:ffff:ffff");
		sameNetwork.get("/login");
		PageClient.Page refused = sameNetwork.post("/login", Map.of("username", "nobody", "password", "wrong"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.body()).contains("/quota-exceeded").contains("\"policy\":\"address\"");
		assertThat(Integer.parseInt(refused.retryAfter())).isBetween(1, 3);

		var otherNetwork = new PageClient(this.port, "2001:db8:40:2::1");
		otherNetwork.get("/login");
		assertThat(otherNetwork.post("/login", Map.of("username", "nobody", "password", "wrong")).location())
			.endsWith("/login?error");
	}

	@Test
	void chargesSignUpPostsToTheAddressBeforeAnythingElseIsChecked() {
		var flood = new PageClient(this.port, "198.51.100.41");
		// without a CSRF token each post is refused (403), but only after it is charged
		int refusedAt = firstRefused(40, () -> flood.postWithoutCsrf("/signup",
				Map.of("username", "x" + System.nanoTime(), "email", "x@example.com", "password", "long enough")));
		assertThat(refusedAt).isGreaterThanOrEqualTo(20);
		assertThat(new PageClient(this.port, "198.51.100.42").get("/signup").status()).isEqualTo(200);
	}

	@Test
	void chargesTestConsoleCallsToTheUsersQuota() {
		PageClient client = PageClient.signedUp(this.port, "console" + Long.toHexString(System.nanoTime()),
				"198.51.100.43");
		client.get("/models/new");
		String detail = client
			.upload("/models/new", Fixtures.model("sklearn/iris_rf.joblib"), Map.of("name", "iris", "description", "x"))
			.location()
			.replaceFirst("^https?://[^/]+", "");
		client.get(detail);
		int refusedAt = firstRefused(45, () -> client.post(detail + "/console",
				Map.of("mode", "json", "raw", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}")));
		assertThat(refusedAt).isGreaterThanOrEqualTo(30);
		// the pages themselves are not charged
		assertThat(client.get(detail).status()).isEqualTo(200);
	}

	/**
	 * Sends up to {@code most} requests and returns how many passed before the first 429;
	 * fails if none was refused.
	 */
	private static int firstRefused(int most, Supplier<PageClient.Page> request) {
		for (int i = 0; i < most; i++) {
			PageClient.Page page = request.get();
			if (page.status() == 429) {
				return i;
			}
			assertThat(page.status()).as(page.toString()).isIn(200, 302, 403);
		}
		throw new AssertionError("none of " + most + " requests was refused");
	}

}
