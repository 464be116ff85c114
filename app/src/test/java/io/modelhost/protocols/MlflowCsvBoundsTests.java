package io.modelhost.protocols;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.modelhost.ApiClient;
import io.modelhost.BoundsHttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV bodies at MLflow's {@code /invocations} within the default limits: 10 MB and 10000
 * rows. A 10 MB body of bad rows once took 11 s, 3.5 GB of heap and answered 318 MB.
 */
class MlflowCsvBoundsTests extends BoundsHttpTests {

	private static final int TEN_MB = 10 * 1024 * 1024;

	@Test
	void answersABodyOfMillionsOfBadRowsQuicklyAndBriefly() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib", "iris");
		// five million one-field rows under a two-column header, just under the limit
		byte[] body = ("x1,x2\n" + "x\n".repeat((TEN_MB - 6) / 2)).getBytes(StandardCharsets.UTF_8);

		long started = System.nanoTime();
		ApiClient.Response response = user.postRaw(invocations(model), "text/csv", body);
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("error_code").asString()).isEqualTo("BAD_REQUEST");
		assertThat(response.json().get("message").asString())
			.startsWith("invalid input: too many rows: more than 10000 (at most 10000 per request) (at line 10002)")
			.contains("the row has 1 fields but the header has 2 (at line 51)")
			.endsWith("9950 more rows have the wrong number of fields");
		assertThat(response.body().length()).isLessThan(8 * 1024);
		// generous for a shared machine: it was 11 s on an idle one
		assertThat(millis).isLessThan(5_000);
	}

	@Test
	void refusesACsvBodyDeclaredOverTheLimitBeforeReadingIt() throws IOException {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib", "iris");
		// the headers only: the answer must come without a byte of the body
		try (var socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			String head = "POST " + invocations(model) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: "
					+ user.header("Authorization") + "\r\nContent-Type: text/csv\r\nContent-Length: " + (TEN_MB + 1)
					+ "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String response = readUntil(socket.getInputStream(), "bytes\"}");
			assertThat(response).startsWith("HTTP/1.1 413 ")
				.contains("the request body is larger than the limit of " + TEN_MB + " bytes");
		}
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		var read = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			read.write(b);
			if (read.toString(StandardCharsets.UTF_8).endsWith(end)) {
				break;
			}
		}
		return read.toString(StandardCharsets.UTF_8);
	}

	private static String invocations(JsonNode model) {
		return "/api/v1/models/" + model.get("id").asString() + "/invocations";
	}

}
