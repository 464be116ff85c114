package io.modelhost.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The engines available to this process.
 */
public final class EngineCatalog {

	private final List<ModelEngine> engines;

	public EngineCatalog(List<ModelEngine> engines) {
		this.engines = List.copyOf(engines);
	}

	/** The engines registered with {@link ServiceLoader} on the given class loader. */
	public static EngineCatalog discover(ClassLoader classLoader) {
		var found = new ArrayList<ModelEngine>();
		ServiceLoader.load(ModelEngine.class, classLoader).forEach(found::add);
		return new EngineCatalog(found);
	}

	public List<ModelEngine> engines() {
		return this.engines;
	}

	/** The engine with the given id. */
	public Optional<ModelEngine> engine(String id) {
		return this.engines.stream().filter((engine) -> engine.id().equals(id)).findFirst();
	}

	/** The engine that admits the given format. */
	public Optional<ModelEngine> engineFor(ModelFormat format) {
		return this.engines.stream().filter((engine) -> engine.formats().contains(format)).findFirst();
	}

	/**
	 * The strongest claim any engine makes on the sample, with the engine that made it.
	 */
	public Optional<Detection> detect(ArtifactSample sample) {
		return this.engines.stream()
			.flatMap((engine) -> engine.detect(sample).map((claim) -> new Detection(engine, claim)).stream())
			.max(Comparator.comparingInt((detection) -> detection.claim().confidence()));
	}

	/**
	 * An engine's claim on a file.
	 *
	 * @param engine the engine that claimed it
	 * @param claim its claim
	 */
	public record Detection(ModelEngine engine, FormatClaim claim) {

	}

}
