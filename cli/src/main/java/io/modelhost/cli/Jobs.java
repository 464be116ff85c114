package io.modelhost.cli;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/** Following a job (training, batch prediction) until it ends, with its progress. */
final class Jobs {

	private static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");

	private static final long POLL_MILLIS = 500;

	private Jobs() {
	}

	/**
	 * Polls the job at {@code path} until it has finished, drawing its progress on a
	 * terminal, or writing its stage when it changes otherwise; answers the finished job.
	 */
	static JsonNode follow(Modelhost root, String path, String label, Function<JsonNode, String> detail) {
		String lastLine = null;
		// stopped while following (Ctrl-C): say that the job itself goes on
		Thread stopped = new Thread(() -> root.note(System.lineSeparator()
				+ "Stopped following; the job goes on on the server: " + root.api().base() + path));
		Runtime.getRuntime().addShutdownHook(stopped);
		try (Progress progress = root.progress(label)) {
			while (true) {
				JsonNode job = root.api().get(path);
				String status = job.path("status").asString();
				String stage = job.path("stage").isNull() ? status : job.path("stage").asString(status);
				String text = detail.apply(job);
				String words = stage + (text.isEmpty() ? "" : " · " + text);
				if (root.progressShown()) {
					progress.fraction(job.path("progress").asDouble(), words);
				}
				else {
					String line = String.format(Locale.ROOT, "%s: %s", label, stage);
					if (!line.equals(lastLine)) {
						root.note(line);
						lastLine = line;
					}
				}
				if (FINISHED.contains(status)) {
					if (root.progressShown()) {
						progress.last(status.equals("succeeded") ? 1 : job.path("progress").asDouble(), words);
					}
					return job;
				}
				try {
					Thread.sleep(POLL_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw CliException.usage("interrupted; the job goes on on the server: " + path);
				}
			}
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(stopped);
			}
			catch (IllegalStateException ex) {
				// already shutting down: the hook says so
			}
		}
	}

}
