package io.modelhost.engine.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerClasspathTests {

	@TempDir
	Path directory;

	@Test
	void startsTheHostFromPlainEntries() throws IOException {
		Path classes = Files.createDirectories(this.directory.resolve("classes"));
		Path library = jar("library.jar", "io/example/Thing.class");
		var classpath = WorkerClasspath.of(classes + File.pathSeparator + library);
		assertThat(classpath).isInstanceOf(WorkerClasspath.Entries.class);
		assertThat(classpath.paths()).containsExactly(classes, library);
		assertThat(classpath.arguments("io.modelhost.engine.host.EngineHost")).containsExactly("-cp",
				classes + File.pathSeparator + library, "io.modelhost.engine.host.EngineHost");
	}

	@Test
	void startsTheHostFromASpringBootJarThroughItsPropertiesLauncher() throws IOException {
		Path boot = jar("modelhost.jar", "BOOT-INF/lib/", "BOOT-INF/classes/");
		var classpath = WorkerClasspath.of(boot.toString());
		assertThat(classpath).isEqualTo(new WorkerClasspath.BootJar(boot));
		assertThat(classpath.arguments("io.modelhost.engine.host.EngineHost")).containsExactly("-cp", boot.toString(),
				"-Dloader.main=io.modelhost.engine.host.EngineHost",
				"org.springframework.boot.loader.launch.PropertiesLauncher");
	}

	@Test
	void treatsASinglePlainJarAsAPlainEntry() throws IOException {
		Path plain = jar("plain.jar", "io/example/Thing.class");
		assertThat(WorkerClasspath.of(plain.toString()))
			.isEqualTo(new WorkerClasspath.Entries(java.util.List.of(plain)));
	}

	private Path jar(String name, String... entries) throws IOException {
		Path jar = this.directory.resolve(name);
		try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String entry : entries) {
				out.putNextEntry(new JarEntry(entry));
				out.closeEntry();
			}
		}
		return jar;
	}

}
