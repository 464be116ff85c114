package io.modelhost.dashboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhooks pages over real HTTP, without JavaScript: register (the secret shown
 * once), send a test event to a receiver on loopback and read it in the delivery log,
 * refuse a bad URL, keep webhooks from others, remove.
 */
class WebhookPagesTests extends HttpTests {

	private static final Pattern WEBHOOK_LINK = Pattern.compile("/webhooks/([0-9a-f-]{36})$");

	@Test
	void registersTestsReadsTheLogAndRemoves() throws IOException {
		var received = new AtomicInteger();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			received.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			PageClient pages = PageClient.signedUp(this.port, "hooks_" + Long.toHexString(System.nanoTime()));
			assertThat(pages.get("/webhooks").body()).contains("No webhooks yet");
			PageClient.Page refused = pages.post("/webhooks",
					Map.of("url", "ftp://example.com/", "event", "prediction"));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.body()).contains("id=\"webhook-error\"");

			pages.get("/webhooks");
			String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			PageClient.Page created = pages.post("/webhooks", Map.of("url", url, "event", "prediction.error"));
			assertThat(created.status()).as("Post/Redirect/Get").isEqualTo(302);
			Matcher link = WEBHOOK_LINK.matcher(created.location());
			assertThat(link.find()).as(created.location()).isTrue();
			String id = link.group(1);
			assertThat(pages.get("/webhooks/" + id).body()).contains("whsec_").contains("shown this once");
			assertThat(pages.get("/webhooks/" + id).body()).as("reloaded: the secret is not shown again")
				.doesNotContain("whsec_");

			pages.get("/webhooks/" + id);
			assertThat(pages.post("/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(302);
			String detail = pages.get("/webhooks/" + id).body();
			assertThat(detail).contains("Test event sent: delivered").contains("HTTP 204").contains(">test<");
			assertThat(received.get()).isEqualTo(1);

			PageClient stranger = PageClient.signedUp(this.port, "peek_" + Long.toHexString(System.nanoTime()));
			assertThat(stranger.get("/webhooks/" + id).status()).isEqualTo(404);
			stranger.get("/webhooks");
			assertThat(stranger.post("/webhooks/" + id + "/delete", Map.of()).status()).isEqualTo(404);

			pages.get("/webhooks/" + id);
			pages.post("/webhooks/" + id + "/delete", Map.of());
			assertThat(pages.get("/webhooks/" + id).status()).isEqualTo(404);
		}
		finally {
			receiver.stop(0);
		}
	}

}
