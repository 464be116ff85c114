package io.modelhost.webhooks.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one HTTP/1.1 POST to a webhook URL and reads the status of the answer. The
 * {@link UrlGuard} resolves the URL's host once and checks every address; the socket is
 * connected to one of those checked addresses, never to a name resolved again. The
 * request carries the URL's host in {@code Host}; over https the TLS server name (SNI)
 * and the certificate check are for that host too, so pinning the address changes nothing
 * the receiver sees.
 * <p>
 * Bounded in time: each address gets at most the connect timeout, and the whole attempt
 * (connect, TLS handshake, writing, reading the status line) at most the attempt's
 * timeout. Only the status line is read (at most 8 KiB of it), then the connection is
 * closed ({@code Connection: close}): a receiver cannot make a delivery read an endless
 * answer. Safe for use by many threads at once.
 */
final class Sender {

	private static final int MAX_STATUS_LINE = 8192;

	private final UrlGuard guard;

	private final Duration connectTimeout;

	private final SSLSocketFactory tls;

	Sender(UrlGuard guard, Duration connectTimeout, SSLSocketFactory tls) {
		this.guard = guard;
		this.connectTimeout = connectTimeout;
		this.tls = tls;
	}

	/**
	 * POSTs the body and returns the answer's status code.
	 * @param headers request headers besides {@code Host}, {@code Content-Length} and
	 * {@code Connection}
	 * @throws io.modelhost.webhooks.InvalidWebhookException if the URL may not be called
	 * (now)
	 * @throws SocketTimeoutException if the attempt ran out of time
	 * @throws IOException if no address could be connected to, or the answer is not HTTP
	 */
	int post(String url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Destination destination = this.guard.destination(url);
		try (Socket socket = open(destination, deadline)) {
			OutputStream out = socket.getOutputStream();
			out.write(head(destination, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return status(socket, new BufferedInputStream(socket.getInputStream()), deadline);
		}
	}

	private Socket open(Destination destination, long deadline) throws IOException {
		Socket plain = connect(destination, deadline);
		if (!destination.tls()) {
			return plain;
		}
		try {
			SSLSocket socket = (SSLSocket) this.tls.createSocket(plain, destination.host(), destination.port(), true);
			SSLParameters parameters = socket.getSSLParameters();
			// the certificate must name the URL's host, as it would without pinning
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (!isLiteral(destination.host())) {
				// a fully qualified name's final dot is not part of the server name
				String name = destination.host().endsWith(".")
						? destination.host().substring(0, destination.host().length() - 1) : destination.host();
				parameters.setServerNames(List.of(serverName(name)));
			}
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(remainingMillis(deadline));
			socket.startHandshake();
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			plain.close();
			throw ex;
		}
	}

	/** Connects to the first checked address that answers, in the resolver's order. */
	private Socket connect(Destination destination, long deadline) throws IOException {
		IOException failure = null;
		for (InetAddress address : destination.addresses()) {
			int millis = (int) Math.min(this.connectTimeout.toMillis(), remainingMillis(deadline));
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, destination.port()), millis);
				return socket;
			}
			catch (IOException ex) {
				socket.close();
				IOException described = (ex instanceof SocketTimeoutException)
						? new SocketTimeoutException("connect to " + address.getHostAddress() + " timed out")
						: new IOException("connect to " + address.getHostAddress() + " failed: " + ex.getMessage());
				if (failure != null) {
					described.addSuppressed(failure);
				}
				failure = described;
			}
		}
		throw (failure != null) ? failure : new IOException("no address to connect to");
	}

	private static String head(Destination destination, Map<String, String> headers, int length) {
		String path = (destination.uri().getRawPath() == null || destination.uri().getRawPath().isEmpty()) ? "/"
				: destination.uri().getRawPath();
		if (destination.uri().getRawQuery() != null) {
			path += "?" + destination.uri().getRawQuery();
		}
		var head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(destination.uri().getRawAuthority()).append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("Content-Length: ").append(length).append("\r\n");
		head.append("Connection: close\r\n\r\n");
		return head.toString();
	}

	/** The status of the final answer, skipping interim (1xx) ones. */
	private static int status(Socket socket, InputStream in, long deadline) throws IOException {
		while (true) {
			String line = line(socket, in, deadline);
			String[] parts = line.split(" ", 3);
			if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
				throw new ProtocolException("the answer is not HTTP/1.x");
			}
			int status = Integer.parseInt(parts[1]);
			if (status >= 200) {
				return status;
			}
			while (!line(socket, in, deadline).isEmpty()) {
				// the interim answer's headers
			}
		}
	}

	private static String line(Socket socket, InputStream in, long deadline) throws IOException {
		var line = new ByteArrayOutputStream();
		while (true) {
			// each read waits at most until the attempt's deadline, so a receiver that
			// trickles its answer cannot stretch the attempt
			socket.setSoTimeout(remainingMillis(deadline));
			int next = in.read();
			if (next == -1) {
				throw new ProtocolException("the receiver closed the connection without answering");
			}
			if (next == '\n') {
				return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
			}
			if (line.size() >= MAX_STATUS_LINE) {
				throw new ProtocolException("the answer's status line is longer than 8 KiB");
			}
			line.write(next);
		}
	}

	private static int remainingMillis(long deadline) throws SocketTimeoutException {
		long millis = (deadline - System.nanoTime()) / 1_000_000;
		if (millis <= 0) {
			throw new SocketTimeoutException("the attempt timed out");
		}
		return (int) Math.min(millis, Integer.MAX_VALUE);
	}

	private static SNIHostName serverName(String host) throws SSLException {
		try {
			return new SNIHostName(host);
		}
		catch (IllegalArgumentException ex) {
			throw new SSLException("the URL's host cannot be a TLS server name: " + ex.getMessage());
		}
	}

	private static boolean isLiteral(String host) {
		try {
			InetAddress.ofLiteral(host);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
