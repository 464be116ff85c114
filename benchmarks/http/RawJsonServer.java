import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The loopback ceiling: answers every request, whatever its path or method, with a fixed
 * JSON body about the size of a Modelhost prediction, so that the same client measures
 * what HTTP alone costs on this machine. The JDK's HttpServer on virtual threads, as
 * plain as a Java HTTP server gets.
 *
 * <pre>java RawJsonServer.java PORT</pre>
 */
public class RawJsonServer {

	/** Shaped like a single-row answer of a classifier. */
	private static final byte[] BODY = ("{\"predictions\":[0],\"probabilities\":[[1.0,0.0,0.0]],\"classes\":[0,1,2],"
			+ "\"model_version\":1,\"latency_ms\":0.1}")
		.getBytes(StandardCharsets.UTF_8);

	/** Pending connections the kernel keeps: above any connection count the benchmark uses. */
	private static final int BACKLOG = 1024;

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: java RawJsonServer.java PORT");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		// loopback only: this is a measuring stick, not a service
		var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		HttpServer server = HttpServer.create(address, BACKLOG);
		server.createContext("/", RawJsonServer::answer);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		System.out.println("RawJsonServer on " + address);
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			// read the whole request, as any real server must, before answering
			in.transferTo(OutputStream.nullOutputStream());
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, BODY.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(BODY);
			}
		}
	}

}
