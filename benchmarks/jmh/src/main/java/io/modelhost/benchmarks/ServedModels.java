package io.modelhost.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.EngineCatalog;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.testkit.Fixtures;

/**
 * The files the engines load, admitted once before any benchmark runs, so that a fork
 * that measures a cold load has not loaded the model (nor started its engine) before.
 *
 * <p>
 * Each model gets a directory {@code <root>/<key>/} holding what the engine admitted and
 * a {@code served.properties} naming the served file, its format and engine.
 */
public final class ServedModels {

	/** The system property that tells forks where the served models are. */
	public static final String ROOT_PROPERTY = "modelhost.bench.served";

	/** Limits generous enough for every fixture, as in the engine contract tests. */
	private static final AdmissionLimits LIMITS = new AdmissionLimits(256L * 1024 * 1024, 10_000);

	private static final String DESCRIPTOR = "served.properties";

	private ServedModels() {
	}

	/** Admits every benchmark model into {@code root}, which must not exist yet. */
	public static void prepare(Path root) throws IOException {
		EngineCatalog engines = EngineCatalog.discover(ServedModels.class.getClassLoader());
		for (BenchmarkModel model : BenchmarkModel.ALL) {
			Path directory = Files.createDirectories(root.resolve(model.key()));
			Path upload = Fixtures.model(model.fixture());
			if (model.convertToPmml()) {
				upload = convertedPmml(engines, upload, Files.createDirectories(root.resolve(model.key() + "-source")));
			}
			Path original = Files.copy(upload, directory.resolve("original" + model.fileType()));
			EngineCatalog.Detection detection = engines.detect(sample(original))
				.orElseThrow(() -> new IllegalStateException("no engine claims " + model.fixture()));
			AdmittedModel admitted = detection.engine().admit(original, detection.claim(), directory, LIMITS);
			admitted.model().close();
			var descriptor = new Properties();
			descriptor.setProperty("servedFile", admitted.servedFile());
			descriptor.setProperty("format", admitted.format().id());
			descriptor.setProperty("engine", detection.engine().id());
			try (OutputStream out = Files.newOutputStream(directory.resolve(DESCRIPTOR))) {
				descriptor.store(out, model.label());
			}
		}
	}

	/**
	 * Admits a model into {@code directory} and copies out the PMML it was converted to.
	 */
	private static Path convertedPmml(EngineCatalog engines, Path fixture, Path directory) throws IOException {
		Path original = Files.copy(fixture, directory.resolve("original"));
		EngineCatalog.Detection detection = engines.detect(sample(original)).orElseThrow();
		AdmittedModel admitted = detection.engine().admit(original, detection.claim(), directory, LIMITS);
		admitted.model().close();
		if (!admitted.servedFile().endsWith(".pmml")) {
			throw new IllegalStateException(
					fixture.getFileName() + " was not converted to PMML but served as " + admitted.servedFile());
		}
		return Files.copy(directory.resolve(admitted.servedFile()), directory.resolve("converted.pmml"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	/** The served model of a key, under the root the {@link #ROOT_PROPERTY} names. */
	public static Served open(String key) {
		String root = System.getProperty(ROOT_PROPERTY);
		if (root == null) {
			throw new IllegalStateException("-D" + ROOT_PROPERTY + " is not set: run the benchmarks with run.sh");
		}
		return open(Path.of(root), key);
	}

	/** The served model of a key under {@code root}. */
	public static Served open(Path root, String key) {
		Path directory = root.resolve(key);
		var descriptor = new Properties();
		try (InputStream in = Files.newInputStream(directory.resolve(DESCRIPTOR))) {
			descriptor.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no served model '" + key + "' under " + root, ex);
		}
		EngineCatalog engines = EngineCatalog.discover(ServedModels.class.getClassLoader());
		ModelEngine engine = engines.engine(descriptor.getProperty("engine")).orElseThrow();
		ModelFormat format = engine.formats()
			.stream()
			.filter((candidate) -> candidate.id().equals(descriptor.getProperty("format")))
			.findFirst()
			.orElseThrow();
		return new Served(BenchmarkModel.named(key), engine, format,
				directory.resolve(descriptor.getProperty("servedFile")));
	}

	/** A sample of a file, as the platform builds one. */
	static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

	/**
	 * A model ready to load.
	 *
	 * @param model which benchmark model
	 * @param engine the engine that admitted it
	 * @param format the format it was admitted as
	 * @param servedFile the file to load
	 */
	public record Served(BenchmarkModel model, ModelEngine engine, ModelFormat format, Path servedFile) {

	}

}
