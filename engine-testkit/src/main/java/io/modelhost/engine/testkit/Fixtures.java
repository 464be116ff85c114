package io.modelhost.engine.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real model files in the project's {@code fixtures/} folder, with the reference
 * answers their makers recorded beside them.
 */
public final class Fixtures {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Fixtures() {
	}

	/**
	 * The project's {@code fixtures/} folder, found from the working directory upwards.
	 */
	public static Path root() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			Path candidate = directory.resolve("fixtures/models");
			if (Files.isDirectory(candidate)) {
				return candidate.getParent();
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("no fixtures/models folder above " + Path.of("").toAbsolutePath());
	}

	/** A model file, e.g. {@code model("sklearn/iris_rf.joblib")}. */
	public static Path model(String relative) {
		Path file = root().resolve("models").resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no fixture " + file);
		}
		return file;
	}

	/**
	 * The reference JSON beside a model file ({@code NAME.json} for {@code NAME.ext}).
	 */
	public static JsonNode reference(String relativeModel) {
		Path model = model(relativeModel);
		String name = model.getFileName().toString();
		Path json = model.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".json");
		try {
			return JSON.readTree(Files.readString(json));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
