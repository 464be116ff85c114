package io.modelhost.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import com.sun.net.httpserver.HttpServer;
import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import io.modelhost.monitoring.AlertRaised;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner's black-holed receiver (it accepts connections and never answers) against
 * everyone else, in the whole application: another owner's deliveries arrive in their
 * usual time, the black-holed owner holds no more than its own slots, and a task on the
 * application's shared scheduler (where monitoring samples, alerts, idle checks and key
 * bookkeeping run) keeps its pace.
 */
class WebhookFairnessTests extends HttpTests {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TaskScheduler scheduler;

	@Test
	void oneOwnersBlackHoledReceiverDelaysNoOneElse() throws Exception {
		try (BlackHole hole = new BlackHole()) {
			HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			var received = new CopyOnWriteArrayList<Long>();
			receiver.createContext("/hook", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				received.add(System.nanoTime());
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			receiver.start();
			ApiClient alice = newUser();
			ApiClient bob = newUser();
			String aliceHook = register(alice, "http://127.0.0.1:" + hole.port() + "/hook");
			register(bob, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

			// a probe on the shared scheduler: the gaps between its runs
			var ticks = new CopyOnWriteArrayList<Long>();
			ScheduledFuture<?> probe = this.scheduler.scheduleWithFixedDelay(() -> ticks.add(System.nanoTime()),
					Duration.ofMillis(100));
			try {
				for (int i = 0; i < 12; i++) {
					alert(alice, "black-holed-" + i);
				}
				awaitAtLeast(hole, 4);

				long sent = System.nanoTime();
				alert(bob, "fine");
				while (received.isEmpty() && System.nanoTime() - sent < Duration.ofSeconds(10).toNanos()) {
					Thread.sleep(10);
				}
				assertThat(received).as("bob's delivery").isNotEmpty();
				Duration bobsWait = Duration.ofNanos(received.get(0) - sent);
				System.out.println("bob's delivery arrived after " + bobsWait.toMillis() + " ms while alice's hung");
				assertThat(bobsWait).isLessThan(Duration.ofSeconds(2));

				// alice's attempts still hang (a 10 s timeout): she holds her 4 slots, no
				// more
				Thread.sleep(1000);
				assertThat(hole.connections()).isEqualTo(4);
				assertThat(maxGap(ticks, sent)).as("longest pause of the shared scheduler")
					.isLessThan(Duration.ofMillis(1000));
			}
			finally {
				probe.cancel(false);
				receiver.stop(0);
				alice.delete("/api/v1/webhooks/" + aliceHook);
			}
		}
	}

	private static String register(ApiClient user, String url) {
		ApiClient.Response created = user.post("/api/v1/webhooks",
				Map.of("url", url, "events", List.of("alert.raised")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("webhook").get("id").asString();
	}

	private void alert(ApiClient user, String alertId) {
		var owner = new UserId(user.get("/api/v1/auth/me").json().get("id").asString());
		this.events.publishEvent(new AlertRaised(owner, "model", alertId, "error_rate", 0.5, 0.75, Instant.now()));
	}

	private static void awaitAtLeast(BlackHole hole, int connections) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (hole.connections() < connections && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(hole.connections()).as("connections to the black hole").isGreaterThanOrEqualTo(connections);
	}

	/** The longest wait between two probe runs since a moment. */
	private static Duration maxGap(List<Long> ticks, long since) {
		long max = 0;
		long previous = since;
		for (long tick : ticks) {
			if (tick > since) {
				max = Math.max(max, tick - previous);
				previous = tick;
			}
		}
		max = Math.max(max, System.nanoTime() - previous);
		return Duration.ofNanos(max);
	}

	/** A listening socket that accepts every connection and never reads or answers. */
	private static final class BlackHole implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		BlackHole() throws IOException {
			Thread.ofVirtual().start(() -> {
				while (!this.server.isClosed()) {
					try {
						this.accepted.add(this.server.accept());
					}
					catch (IOException ex) {
						// closed at the end of the test
					}
				}
			});
		}

		int port() {
			return this.server.getLocalPort();
		}

		int connections() {
			return this.accepted.size();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
