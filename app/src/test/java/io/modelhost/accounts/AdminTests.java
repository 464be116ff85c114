package io.modelhost.accounts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the administration tests: creating and logging in users, and the events the
 * application publishes while a test runs. The events are published on the server's
 * request threads, which {@code @RecordApplicationEvents} does not see, so a listener is
 * added to the running application for each test.
 */
abstract class AdminTests extends HttpTests {

	static final String PASSWORD = "correct horse battery";

	/** Everything published as a payload event during the test, in order. */
	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final ApplicationListener<ApplicationEvent> recorder = (event) -> {
		if (event instanceof PayloadApplicationEvent<?> payload) {
			this.events.add(payload.getPayload());
		}
	};

	@Autowired
	ApplicationEventMulticaster multicaster;

	@BeforeEach
	void recordEvents() {
		this.multicaster.addApplicationListener(this.recorder);
	}

	@AfterEach
	void stopRecordingEvents() {
		this.multicaster.removeApplicationListener(this.recorder);
	}

	/** The payload events published so far in this test. */
	List<Object> events() {
		return List.copyOf(this.events);
	}

	List<ActionTaken> actions() {
		return this.events.stream().filter(ActionTaken.class::isInstance).map(ActionTaken.class::cast).toList();
	}

	/** The actions published so far in this test whose target is this user. */
	List<ActionTaken> actionsOn(String userId) {
		return actions().stream().filter((a) -> a.targetType().equals("user") && a.targetId().equals(userId)).toList();
	}

	/** Creates a user through the administrators' API and returns it. */
	JsonNode createUser(ApiClient admin, String role) {
		return createUser(admin, "adm" + System.nanoTime(), role);
	}

	JsonNode createUser(ApiClient admin, String username, @Nullable String role) {
		var body = new HashMap<String, Object>(
				Map.of("username", username, "email", username + "@example.com", "password", PASSWORD));
		if (role != null) {
			body.put("role", role);
		}
		ApiClient.Response created = admin.post("/api/v1/admin/users", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	/** Logs a user in and returns a client with their access token. */
	ApiClient login(String username) {
		ApiClient.Response login = tokens(username);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return anonymous().withToken(login.json().get("access_token").asString());
	}

	ApiClient.Response tokens(String username) {
		return anonymous().post("/api/v1/auth/login", Map.of("username", username, "password", PASSWORD));
	}

	/** The id of the user a client is logged in as. */
	static String idOf(ApiClient client) {
		return client.get("/api/v1/auth/me").json().get("id").asString();
	}

}
