package io.modelhost.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Server-Sent Events stream over real HTTP until the server ends it; for the
 * tests of every module whose jobs stream.
 */
public final class EventStream {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EventStream() {
	}

	/** One event as it came: its id, name and JSON data. */
	public record Event(String id, String name, JsonNode data) {

	}

	/** The response's status and content type, and every event until the stream ended. */
	public record Result(int status, String contentType, List<Event> events) {

		public List<String> names() {
			return this.events.stream().map(Event::name).toList();
		}

	}

	/** Opens the stream now, and reads it in the background. */
	public static CompletableFuture<Result> open(ApiClient client, String path, Map<String, String> headers) {
		var builder = HttpRequest.newBuilder(URI.create(client.base() + path))
			.header("Authorization", client.header("Authorization"))
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(60))
			.GET();
		headers.forEach(builder::header);
		HttpClient http = HttpClient.newHttpClient();
		return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofLines())
			.thenApply(EventStream::read)
			.whenComplete((result, ex) -> http.close());
	}

	public static Result read(ApiClient client, String path) throws Exception {
		return open(client, path, Map.of()).get(30, TimeUnit.SECONDS);
	}

	private static Result read(HttpResponse<Stream<String>> response) {
		var events = new ArrayList<Event>();
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		String id = "";
		String name = "message";
		var data = new StringBuilder();
		try (Stream<String> lines = response.body()) {
			for (String line : (Iterable<String>) lines::iterator) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						events.add(new Event(id, name, JSON.readTree(data.toString())));
					}
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).strip());
				}
				else if (!line.startsWith(":") && response.statusCode() != 200) {
					data.append(line);
				}
			}
		}
		if (response.statusCode() != 200 && !data.isEmpty()) {
			events.add(new Event("", "body", JSON.readTree(data.toString())));
		}
		return new Result(response.statusCode(), contentType, events);
	}

}
