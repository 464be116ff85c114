package io.modelhost.cli;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import io.modelhost.cli.Output.Column;

/** {@code modelhost datasets …}: CSV files and zips of pictures to train on. */
@Command(name = "datasets", description = "Datasets to train and score on: upload, list, show.")
final class DatasetsCommand extends Subcommand {

	private static final List<Column> SUMMARY = List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
			Column.of("KIND", "kind"),
			new Column("ROWS",
					(d) -> Json.cell(d.has("rows") && !d.get("rows").isNull() ? d.get("rows") : d.get("images"))),
			new Column("SIZE", (d) -> Progress.size(d.path("size_bytes").asLong())),
			Column.of("CREATED", "created_at"));

	@Command(name = "upload", description = "Upload a CSV file (header row) or a zip of labelled pictures.")
	int upload(@Parameters(paramLabel = "FILE", description = "A .csv or .zip file") Path file,
			@Option(names = { "-n", "--name" }, paramLabel = "NAME",
					description = "The dataset's name (default: the file's)") @Nullable String name,
			@Option(names = { "-d", "--description" }, paramLabel = "TEXT",
					description = "What the data is") @Nullable String description) {
		JsonNode dataset = upload(root(), file, name, description);
		show(dataset);
		return ExitCodes.OK;
	}

	/** Uploads a dataset file with a progress bar and answers the dataset's JSON. */
	static JsonNode upload(Modelhost root, Path file, @Nullable String name, @Nullable String description) {
		InputFiles.requireFile(file);
		String fileName = file.getFileName().toString();
		String type = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? "application/zip" : "text/csv";
		Multipart form = new Multipart().file("file", file, type)
			.field("name", (name != null) ? name : fileName.replaceFirst("\\.[^.]*$", ""));
		if (description != null) {
			form.field("description", description);
		}
		return root.api().upload("/api/v1/datasets", form, root.progress("Uploading"));
	}

	@Command(name = "list", description = "Your datasets, newest first.")
	int list(@Option(names = "--page", defaultValue = "0", description = "Page, from 0") int page,
			@Option(names = "--size", defaultValue = "50", description = "Datasets per page") int size) {
		JsonNode result = api().get("/api/v1/datasets" + new Query().with("page", page).with("size", size));
		Output output = output();
		if (output.json()) {
			output.print(result);
		}
		else {
			output.items(result.path("items"), SUMMARY);
		}
		return ExitCodes.OK;
	}

	@Command(name = "show", description = "A dataset: its profile, column by column.")
	int show(@Parameters(paramLabel = "ID", description = "The dataset's id") String id) {
		show(api().get("/api/v1/datasets/" + Query.encode(id)));
		return ExitCodes.OK;
	}

	private void show(JsonNode dataset) {
		Output output = output();
		if (output.json()) {
			output.print(dataset);
			return;
		}
		output.fields(dataset, List.of(Column.of("ID", "id"), Column.of("Name", "name"), Column.of("Kind", "kind"),
				Column.of("File", "filename"), new Column("Size", (d) -> Progress.size(d.path("size_bytes").asLong())),
				Column.of("Rows", "rows"), Column.of("Images", "images"), Column.of("Created", "created_at")));
		if (dataset.path("columns").isArray()) {
			output.line("");
			output.items(dataset.path("columns"),
					List.of(Column.of("COLUMN", "name"), Column.of("TYPE", "type"), Column.of("MISSING", "missing"),
							Column.of("DISTINCT", "distinct"), Column.of("MIN", "min"), Column.of("MAX", "max"),
							Column.of("MEAN", "mean")));
		}
		if (dataset.path("classes").isArray()) {
			output.line("");
			output.items(dataset.path("classes"), List.of(Column.of("CLASS", "label"), Column.of("IMAGES", "count")));
		}
	}

}
