package io.modelhost.engine.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/**
 * How a worker JVM finds {@link EngineHost} and the engines: the entries it needs to see
 * (each bound read-only into the sandbox) and the arguments that name them.
 */
public sealed interface WorkerClasspath permits WorkerClasspath.Entries, WorkerClasspath.BootJar {

	/** The Spring Boot launcher that runs a main class from a fat jar's nested jars. */
	String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	/** The files and directories the worker reads classes from. */
	List<Path> paths();

	/** The java arguments that start {@code mainClass} from these paths. */
	List<String> arguments(String mainClass);

	/**
	 * The classpath of this JVM: a Spring Boot fat jar ({@code java -jar modelhost.jar},
	 * classes nested under {@code BOOT-INF/}) when {@code java.class.path} is one such
	 * jar, its plain entries otherwise (tests, an exploded application).
	 */
	static WorkerClasspath ofThisJvm() {
		return of(System.getProperty("java.class.path", ""));
	}

	/** The classpath a {@code java.class.path} value describes. */
	static WorkerClasspath of(String classPath) {
		List<Path> entries = Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !entry.isBlank())
			.map((entry) -> Path.of(entry).toAbsolutePath().normalize())
			.toList();
		if (entries.size() == 1 && isBootJar(entries.getFirst())) {
			return new BootJar(entries.getFirst());
		}
		return new Entries(entries);
	}

	private static boolean isBootJar(Path file) {
		if (!Files.isRegularFile(file)) {
			return false;
		}
		try (var jar = new JarFile(file.toFile())) {
			return jar.getEntry("BOOT-INF/lib/") != null || jar.getEntry("BOOT-INF/classes/") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Plain classpath entries, passed with {@code -cp}.
	 *
	 * @param paths the jars and class directories, in order
	 */
	record Entries(List<Path> paths) implements WorkerClasspath {

		public Entries {
			paths = List.copyOf(paths);
			if (paths.isEmpty()) {
				throw new IllegalArgumentException("a worker classpath needs at least one entry");
			}
		}

		@Override
		public List<String> arguments(String mainClass) {
			return List.of("-cp", String.join(File.pathSeparator, this.paths.stream().map(Path::toString).toList()),
					mainClass);
		}

	}

	/**
	 * A Spring Boot fat jar, run through its {@link #PROPERTIES_LAUNCHER}, which sets up
	 * the nested jars' class loader and then calls {@code loader.main}.
	 *
	 * @param jar the application jar
	 */
	record BootJar(Path jar) implements WorkerClasspath {

		@Override
		public List<Path> paths() {
			return List.of(this.jar);
		}

		@Override
		public List<String> arguments(String mainClass) {
			var arguments = new ArrayList<String>();
			arguments.add("-cp");
			arguments.add(this.jar.toString());
			arguments.add("-Dloader.main=" + mainClass);
			arguments.add(PROPERTIES_LAUNCHER);
			return arguments;
		}

	}

}
