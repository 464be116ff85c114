package io.modelhost.webhooks.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.modelhost.webhooks.InvalidWebhookException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sender over real sockets on loopback: it connects to the address the guard checked
 * and nowhere else (a rebinding name cannot reach loopback), keeps the URL's host in
 * {@code Host} and in TLS (server name and certificate), and bounds an attempt in time
 * against a receiver that accepts and never answers.
 */
class SenderTests {

	private static final byte[] BODY = "{\"type\":\"test\"}".getBytes(StandardCharsets.UTF_8);

	private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	@Test
	void aRebindingNameNeverReachesLoopback() throws IOException {
		Receiver receiver = receiver();
		var calls = new AtomicInteger();
		// public-looking (TEST-NET-3, routed nowhere) for the first question, loopback
		// for
		// every later one: the attempt must go to the first answer, the one checked
		var guard = new UrlGuard(false, (host) -> new InetAddress[] {
				InetAddress.ofLiteral((calls.getAndIncrement() == 0) ? "203.0.113.7" : "127.0.0.1") });
		var sender = new Sender(guard, Duration.ofMillis(300), (SSLSocketFactory) SSLSocketFactory.getDefault());

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> sender.post("http://rebind.test:" + receiver.port() + "/hook", HEADERS, BODY,
					Duration.ofSeconds(2)))
			.withMessageContaining("203.0.113.7");
		assertThat(calls).hasValue(1);
		assertThat(receiver.requests()).isEmpty();
	}

	@Test
	void refusesBeforeConnectingWhenANameAnswersAnInsideAddress() throws IOException {
		Receiver receiver = receiver();
		var guard = new UrlGuard(false, (host) -> new InetAddress[] { InetAddress.ofLiteral("127.0.0.1") });
		var sender = new Sender(guard, Duration.ofMillis(300), (SSLSocketFactory) SSLSocketFactory.getDefault());

		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> sender
			.post("http://inside.test:" + receiver.port() + "/hook", HEADERS, BODY, Duration.ofSeconds(2)));
		assertThat(receiver.requests()).isEmpty();
	}

	@Test
	void connectsToTheResolvedAddressAndSendsTheUrlsHost() throws IOException {
		Receiver receiver = receiver();
		var sender = new Sender(new UrlGuard(true, (host) -> new InetAddress[] { InetAddress.ofLiteral("127.0.0.1") }),
				Duration.ofMillis(300), (SSLSocketFactory) SSLSocketFactory.getDefault());

		int status = sender.post("http://hooks.example:" + receiver.port() + "/in?x=1", HEADERS, BODY,
				Duration.ofSeconds(2));

		assertThat(status).isEqualTo(204);
		assertThat(receiver.requests()).singleElement().satisfies((request) -> {
			assertThat(request).startsWith("POST /in?x=1 HTTP/1.1\r\n");
			assertThat(request).contains("Host: hooks.example:" + receiver.port() + "\r\n");
			assertThat(request).contains("Content-Length: " + BODY.length + "\r\n");
			assertThat(request).endsWith("\r\n\r\n" + new String(BODY, StandardCharsets.UTF_8));
		});
	}

	@Test
	void givesUpOnAReceiverThatAcceptsAndNeverAnswers() throws IOException {
		ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.closing.add(blackHole);
		var sender = new Sender(new UrlGuard(true), Duration.ofMillis(300),
				(SSLSocketFactory) SSLSocketFactory.getDefault());

		long started = System.nanoTime();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> sender
			.post("http://127.0.0.1:" + blackHole.getLocalPort() + "/hook", HEADERS, BODY, Duration.ofMillis(500)));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void speaksTlsToTheCheckedAddressWithTheUrlsNameAsServerNameAndCertificate() throws Exception {
		SSLContext tls = receiverTls();
		var serverNames = new CopyOnWriteArrayList<String>();
		SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Receiver receiver = receiver(server,
				(socket) -> ((ExtendedSSLSession) ((SSLSocket) socket).getSession()).getRequestedServerNames()
					.forEach((name) -> serverNames.add(((SNIHostName) name).getAsciiName())));
		var sender = new Sender(new UrlGuard(true, (host) -> new InetAddress[] { InetAddress.ofLiteral("127.0.0.1") }),
				Duration.ofSeconds(1), tls.getSocketFactory());

		assertThat(
				sender.post("https://hooks.example:" + receiver.port() + "/in", HEADERS, BODY, Duration.ofSeconds(5)))
			.isEqualTo(204);
		assertThat(serverNames).containsExactly("hooks.example");
		assertThat(receiver.requests()).singleElement()
			.satisfies((request) -> assertThat(request).contains("Host: hooks.example:" + receiver.port()));

		// the same address under a name the certificate does not carry: the handshake
		// fails
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> sender
			.post("https://other.example:" + receiver.port() + "/in", HEADERS, BODY, Duration.ofSeconds(5)));
		assertThat(receiver.requests()).hasSize(1);
	}

	/** A receiver on loopback that answers every POST with 204 and keeps what it got. */
	private Receiver receiver() throws IOException {
		return receiver(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), (socket) -> {
		});
	}

	private Receiver receiver(ServerSocket server, SocketCheck check) throws IOException {
		var receiver = new Receiver(server, check);
		this.closing.add(server);
		Thread.ofVirtual().start(receiver::serve);
		return receiver;
	}

	@FunctionalInterface
	private interface SocketCheck {

		void accepted(Socket socket) throws IOException;

	}

	private record Receiver(ServerSocket server, SocketCheck check, List<String> requests) {

		Receiver(ServerSocket server, SocketCheck check) {
			this(server, check, new CopyOnWriteArrayList<>());
		}

		int port() {
			return this.server.getLocalPort();
		}

		void serve() {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					if (socket instanceof SSLSocket ssl) {
						ssl.startHandshake();
					}
					this.check.accepted(socket);
					var reader = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
					var request = new StringBuilder();
					int length = 0;
					for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
						request.append(line).append("\r\n");
						if (line.startsWith("Content-Length: ")) {
							length = Integer.parseInt(line.substring("Content-Length: ".length()));
						}
					}
					char[] body = new char[length];
					int read = 0;
					while (read < length) {
						read += reader.read(body, read, length - read);
					}
					this.requests.add(request.append("\r\n").append(body).toString());
					OutputStream out = socket.getOutputStream();
					out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
				catch (IOException ex) {
					// a refused handshake or the end of the test
				}
			}
		}

	}

	/**
	 * A TLS context whose key and only trusted certificate are one self-signed
	 * certificate for hooks.example (made by {@code receiver-keystore.sh}).
	 */
	private static SSLContext receiverTls() throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = SenderTests.class.getResourceAsStream("/webhooks/receiver.p12")) {
			keys.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, "changeit".toCharArray());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(keys);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

}
