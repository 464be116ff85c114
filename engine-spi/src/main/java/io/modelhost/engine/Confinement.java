package io.modelhost.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a sandboxed worker process needs to run an engine whose model files carry code
 * (see {@link ModelEngine#confinement()}): the directories of its native runtime, which
 * the worker sees read-only, and the system properties that point the engine at them
 * inside the worker, where the server's home directory and environment are absent.
 *
 * @param runtimeDirectories absolute directories the engine's native runtime reads (such
 * as the directory a native library is extracted into); nothing secret may live in them
 * @param systemProperties system properties the worker's JVM is started with
 */
public record Confinement(List<Path> runtimeDirectories, Map<String, String> systemProperties) {

	public Confinement {
		runtimeDirectories = List.copyOf(runtimeDirectories);
		for (Path directory : runtimeDirectories) {
			if (!directory.isAbsolute()) {
				throw new IllegalArgumentException("runtime directories must be absolute but got " + directory);
			}
		}
		systemProperties = Map.copyOf(systemProperties);
	}

}
