package io.modelhost.accounts;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.BoundsHttpTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle counts failures per username and client network, the network taken
 * from {@code X-Forwarded-For} only because loopback is a trusted proxy here: whoever
 * guesses a user's password elsewhere does not lock the user out.
 */
class LoginLockoutTests extends BoundsHttpTests {

	@Test
	void guessingFromOneAddressDoesNotLockTheUserOutElsewhere() {
		String name = "lockout" + System.nanoTime();
		ApiClient user = from("198.51.100.7");
		assertThat(user
			.post("/api/v1/auth/register",
					Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery"))
			.status()).isEqualTo(201);
		ApiClient attacker = from("203.0.113.9");
		for (int i = 0; i < 5; i++) {
			assertThat(login(attacker, name, "guess " + i).status()).isEqualTo(401);
		}
		ApiClient.Response throttled = login(attacker, name, "correct horse battery");
		assertThat(throttled.status()).as("the guessing address is throttled").isEqualTo(429);
		assertThat(throttled.json().get("type").asString()).endsWith("/too-many-login-attempts");
		assertThat(login(from("2001:db8:1:2::99"), name, "correct horse battery").status())
			.as("the same /64 as the next one, unrelated to the attacker")
			.isEqualTo(200);
		assertThat(login(user, name, "correct horse battery").status()).as("the user, from their own address")
			.isEqualTo(200);
	}

	@Test
	void countsAnIpv6ClientByItsNetwork() {
		String name = "lockout6" + System.nanoTime();
		assertThat(
				from("198.51.100.8")
					.post("/api/v1/auth/register",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		for (int i = 0; i < 5; i++) {
			assertThat(login(from("2001:db8:5:6::" + (i + 1)), name, "guess " + i).status()).isEqualTo(401);
		}
		assertThat(login(from("2001:db8:5:6::ff"), name, "correct horse battery").status())
			.as("another address of the same /64")
			.isEqualTo(429);
		assertThat(login(from("2001:db8:5:7::1"), name, "correct horse battery").status()).isEqualTo(200);
	}

	private static ApiClient.Response login(ApiClient client, String name, String password) {
		return client.post("/api/v1/auth/login", Map.of("username", name, "password", password));
	}

}
