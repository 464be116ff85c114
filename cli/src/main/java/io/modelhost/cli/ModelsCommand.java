package io.modelhost.cli;

import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import io.modelhost.cli.Output.Column;

/**
 * {@code modelhost models …}: list, show, archive, switch on and off, promote, roll back.
 */
@Command(name = "models",
		description = "Your models: list, show, delete, restore, activate, deactivate, promote, rollback.",
		subcommandsRepeatable = false)
final class ModelsCommand extends Subcommand {

	private static final List<Column> LIST = List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
			new Column("VERSION",
					(m) -> m.path("version").asInt() + "/" + m.path("latest_version").asInt()
							+ (m.path("production_follows_newest").asBoolean(true) ? "" : " (pinned)")),
			Column.of("STATUS", "status"), Column.of("FORMAT", "format"), Column.of("UPDATED", "updated_at"));

	@Command(name = "list", description = "List your models, newest first.")
	int list(
			@Option(names = "--name", paramLabel = "TEXT", description = "Names containing this") @Nullable String name,
			@Option(names = "--status", paramLabel = "STATUS",
					description = "active, inactive or failed") @Nullable String status,
			@Option(names = "--archived", description = "Your archived models instead") boolean archived,
			@Option(names = "--page", defaultValue = "0", description = "Page, from 0") int page,
			@Option(names = "--size", defaultValue = "50", description = "Models per page") int size) {
		JsonNode result = api().get("/api/v1/models" + new Query().with("name", name)
			.with("status", status)
			.with("archived", archived ? "true" : null)
			.with("page", page)
			.with("size", size));
		Output output = output();
		if (output.json()) {
			output.print(result);
		}
		else {
			output.items(result.path("items"), LIST);
			long total = result.path("total").asLong();
			if (total > result.path("items").size()) {
				root().note("(" + result.path("items").size() + " of " + total + "; --page and --size for more)");
			}
		}
		return ExitCodes.OK;
	}

	@Command(name = "show", description = "A model: endpoint, versions, status.")
	int show(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model) {
		String id = root().modelId(model);
		JsonNode json = api().get("/api/v1/models/" + id);
		Output output = output();
		if (output.json()) {
			output.print(json);
			return ExitCodes.OK;
		}
		output.fields(json,
				List.of(Column.of("ID", "id"), Column.of("Name", "name"), Column.of("Description", "description"),
						Column.of("Status", "status"), Column.of("Format", "format"), Column.of("Engine", "engine"),
						Column.of("Serving version", "version"), Column.of("Latest version", "latest_version"),
						Column.of("Aliases", "aliases"), Column.of("Permission", "permission"),
						Column.of("Endpoint", "endpoint_url"), Column.of("Docs", "docs_url"),
						Column.of("Loaded", "/runtime/loaded"), Column.of("Created", "created_at"),
						Column.of("Updated", "updated_at")));
		JsonNode versions = api().get("/api/v1/models/" + id + "/versions");
		output.line("");
		output.items(versions,
				List.of(Column.of("VERSION", "version"), Column.of("ALIASES", "aliases"), Column.of("FORMAT", "format"),
						new Column("SIZE", (v) -> Progress.size(v.at("/file/size_bytes").asLong())),
						Column.of("CREATED", "created_at")));
		return ExitCodes.OK;
	}

	@Command(name = "delete", description = { "Archive a model (its endpoint answers 404; 'restore' within the "
			+ "server's retention), or with --permanent delete it and all its versions for good." })
	int delete(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model,
			@Option(names = "--permanent", description = "Delete for good, not archive") boolean permanent) {
		String id = root().modelId(model);
		api().delete("/api/v1/models/" + id + (permanent ? "?permanent=true" : ""));
		done(id, permanent ? "Deleted model " + model + " for good." : "Archived model " + model + ".");
		return ExitCodes.OK;
	}

	@Command(name = "restore", description = "Bring back an archived model, with its endpoint URL.")
	int restore(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model) {
		JsonNode json = api().post("/api/v1/models/" + root().modelId(model, true) + "/restore", null);
		Output output = output();
		if (output.json()) {
			output.print(json);
		}
		else {
			output.line("Restored '" + json.path("name").asString() + "': " + json.path("endpoint_url").asString());
		}
		return ExitCodes.OK;
	}

	@Command(name = "activate", description = "Switch a model's endpoint on.")
	int activate(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model) {
		return status(model, "active");
	}

	@Command(name = "deactivate", description = "Switch a model's endpoint off (it answers 403 and is unloaded).")
	int deactivate(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model) {
		return status(model, "inactive");
	}

	@Command(name = "promote",
			description = "Point the endpoint at a version (the alias 'production'); it stays there when new "
					+ "versions are uploaded.")
	int promote(@Parameters(index = "0", paramLabel = "MODEL", description = "Its id or name") String model,
			@Parameters(index = "1", paramLabel = "VERSION", description = "The version to serve") int version,
			@Option(names = "--force",
					description = "Even if its inputs or outputs differ from the served version's") boolean force) {
		return production(root().modelId(model), version, force);
	}

	@Command(name = "rollback", description = "Serve the version before the one served now (or --to a version).")
	int rollback(@Parameters(paramLabel = "MODEL", description = "Its id or name") String model,
			@Option(names = "--to", paramLabel = "VERSION", description = "The version to serve") @Nullable Integer to,
			@Option(names = "--force",
					description = "Even if its inputs or outputs differ from the served version's") boolean force) {
		String id = root().modelId(model);
		int target;
		if (to != null) {
			target = to;
		}
		else {
			int served = api().get("/api/v1/models/" + id).path("version").asInt();
			target = previous(api().get("/api/v1/models/" + id + "/versions"), served);
		}
		return production(id, target, force);
	}

	/** The newest version below the one served, or a refusal when there is none. */
	static int previous(JsonNode versions, int served) {
		int previous = 0;
		for (JsonNode version : versions) {
			int number = version.path("version").asInt();
			if (number < served && number > previous) {
				previous = number;
			}
		}
		if (previous == 0) {
			throw new ApiException("there is no version before version " + served + " to roll back to");
		}
		return previous;
	}

	private int production(String id, int version, boolean force) {
		JsonNode model = api().put("/api/v1/models/" + id + "/aliases/production",
				Json.MAPPER.createObjectNode().put("version", version).put("force", force));
		Output output = output();
		if (output.json()) {
			output.print(model);
		}
		else {
			output.line("'" + model.path("name").asString() + "' now serves version " + model.path("version").asInt()
					+ " (latest " + model.path("latest_version").asInt() + ").");
		}
		return ExitCodes.OK;
	}

	private int status(String model, String status) {
		String id = root().modelId(model);
		JsonNode json = api().patch("/api/v1/models/" + id, Json.MAPPER.createObjectNode().put("status", status));
		Output output = output();
		if (output.json()) {
			output.print(json);
		}
		else {
			output.line("'" + json.path("name").asString() + "' is " + json.path("status").asString() + ".");
		}
		return ExitCodes.OK;
	}

	private void done(String id, String message) {
		Output output = output();
		if (output.json()) {
			output.print(Json.MAPPER.createObjectNode().put("id", id).put("done", true));
		}
		else {
			output.line(message);
		}
	}

}
