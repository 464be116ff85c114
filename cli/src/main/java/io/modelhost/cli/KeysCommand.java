package io.modelhost.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.modelhost.cli.Output.Column;

/** {@code modelhost keys …}: API keys for your applications. */
@Command(name = "keys", description = "API keys for your applications: create, list, revoke, regenerate.")
final class KeysCommand extends Subcommand {

	@Command(name = "create", description = "Create an API key; the key is printed this once.")
	int create(@Parameters(paramLabel = "NAME", description = "What the key is for") String name,
			@Option(names = "--requests-per-minute", paramLabel = "N",
					description = "The key's own quota") @Nullable Integer requestsPerMinute,
			@Option(names = "--expires-at", paramLabel = "INSTANT",
					description = "When it stops working, e.g. 2027-01-31T00:00:00Z") @Nullable String expiresAt,
			@Option(names = "--model", paramLabel = "MODEL",
					description = "A model it may call (id or name; repeatable); default: all of yours") @Nullable List<String> models) {
		ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
		if (requestsPerMinute != null) {
			body.put("requests_per_minute", requestsPerMinute);
		}
		if (expiresAt != null) {
			try {
				body.put("expires_at", Instant.parse(expiresAt).toString());
			}
			catch (DateTimeParseException ex) {
				throw CliException
					.usage("--expires-at takes an instant such as 2027-01-31T00:00:00Z, not " + expiresAt);
			}
		}
		if (models != null && !models.isEmpty()) {
			var ids = body.putArray("model_ids");
			models.forEach((model) -> ids.add(root().modelId(model)));
		}
		printKey(api().post("/api/v1/api-keys", body));
		return ExitCodes.OK;
	}

	@Command(name = "list", description = "Your API keys (never the keys themselves).")
	int list() {
		output().items(api().get("/api/v1/api-keys"), List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
				Column.of("PREFIX", "prefix"), Column.of("ACTIVE", "active"), Column.of("CREATED", "created_at"),
				Column.of("LAST USED", "last_used_at"), Column.of("EXPIRES", "expires_at"), new Column("MODELS",
						(k) -> k.path("model_ids").isEmpty() ? "all" : String.valueOf(k.path("model_ids").size()))));
		return ExitCodes.OK;
	}

	@Command(name = "revoke", description = "Revoke an API key: it stops working at once.")
	int revoke(@Parameters(paramLabel = "ID", description = "The key's id") String id) {
		api().delete("/api/v1/api-keys/" + Query.encode(id));
		Output output = output();
		if (output.json()) {
			output.print(Json.MAPPER.createObjectNode().put("id", id).put("revoked", true));
		}
		else {
			output.line("Revoked API key " + id + ".");
		}
		return ExitCodes.OK;
	}

	@Command(name = "regenerate",
			description = "A new secret for a key (same id and settings); the old one stops at once. Printed this once.")
	int regenerate(@Parameters(paramLabel = "ID", description = "The key's id") String id) {
		printKey(api().post("/api/v1/api-keys/" + Query.encode(id) + "/regenerate", null));
		return ExitCodes.OK;
	}

	private void printKey(JsonNode key) {
		Output output = output();
		if (output.json()) {
			output.print(key);
			return;
		}
		root().note("API key '" + key.path("name").asString() + "' (id " + key.path("id").asString()
				+ "). It is shown this once: store it now.");
		output.line(key.path("key").asString());
	}

}
