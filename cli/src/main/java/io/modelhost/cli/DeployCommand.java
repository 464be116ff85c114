package io.modelhost.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code modelhost deploy}: uploads a model file (a new model, or the next version of
 * one) and prints its endpoint URL.
 */
@Command(name = "deploy", description = { "Upload a model file and print its endpoint URL.",
		"Under the name of one of your models (or with --version-of) it becomes that model's next version." })
final class DeployCommand extends Subcommand implements Callable<Integer> {

	@Parameters(paramLabel = "FILE", description = "The model file: .pkl/.joblib, .pmml, .onnx, .h5, .pt")
	Path file;

	@Option(names = { "-n", "--name" }, paramLabel = "NAME", description = "The model's name (1-100 characters)")
	@Nullable String name;

	@Option(names = { "-d", "--description" }, paramLabel = "TEXT", description = "What the model does")
	@Nullable String description;

	@Option(names = "--inputs", paramLabel = "JSON",
			description = "Tensor inputs, e.g. '[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[-1,1,8,8]}]'")
	@Nullable String inputs;

	@Option(names = "--features", paramLabel = "NAMES",
			description = "Names of the features of a model fitted on a bare array: a JSON array or a,b,c")
	@Nullable String features;

	@Option(names = "--input-example", paramLabel = "JSON", description = "A real input row, run at upload")
	@Nullable String inputExample;

	@Option(names = "--image-input", paramLabel = "JSON", description = "How the model takes pictures")
	@Nullable String imageInput;

	@Option(names = "--version-of", paramLabel = "MODEL",
			description = "Upload as the next version of this model (its id or name)")
	@Nullable String versionOf;

	@Override
	public Integer call() {
		InputFiles.requireFile(this.file);
		Multipart form = new Multipart().file("file", this.file, "application/octet-stream");
		String path;
		if (this.versionOf != null) {
			path = "/api/v1/models/" + root().modelId(this.versionOf) + "/versions";
		}
		else {
			if (this.name == null || this.name.isBlank()) {
				throw CliException.usage("give the model a --name (or --version-of MODEL for a new version)");
			}
			path = "/api/v1/models";
			form.field("name", this.name);
			if (this.description != null) {
				form.field("description", this.description);
			}
		}
		optional(form, "inputs", this.inputs);
		optional(form, "features", this.features);
		optional(form, "input_example", this.inputExample);
		optional(form, "image_input", this.imageInput);
		JsonNode model = api().upload(path, form, root().progress("Uploading"));
		Output output = output();
		if (output.json()) {
			output.print(model);
		}
		else {
			root()
				.note("Deployed '" + model.path("name").asString() + "' version " + model.path("latest_version").asInt()
						+ " (" + model.path("format").asString() + ", " + model.path("status").asString() + ")");
			output.line(model.path("endpoint_url").asString());
		}
		return ExitCodes.OK;
	}

	private static void optional(Multipart form, String name, @Nullable String value) {
		if (value != null) {
			form.field(name, value);
		}
	}

}
