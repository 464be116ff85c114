package io.modelhost.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every engine benchmark and the memory probes, then writes the six-format table.
 *
 * <pre>
 * java [JVM flags] -cp ... io.modelhost.benchmarks.SixFormats RESULTS_DIR
 * </pre>
 *
 * System properties: {@code modelhost.bench.quick=true} for a smoke run (one fork, short
 * iterations: not a measurement); {@code modelhost.bench.models=onnx,pt} for some models
 * only. The JMH forks and the probes get this JVM's flags.
 */
public final class SixFormats {

	private static final String QUICK = "modelhost.bench.quick";

	private static final String MODELS = "modelhost.bench.models";

	/** A probe that has not printed its line by then is stuck. */
	private static final long PROBE_TIMEOUT_SECONDS = 300;

	/**
	 * The probes' heap: fixed and touched up front, so that resident memory grows only
	 * outside the heap while models load.
	 */
	private static final List<String> PROBE_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

	private static final double KIB = 1024;

	private static final double MIB = 1024 * 1024;

	private SixFormats() {
	}

	public static void main(String[] args) throws IOException, RunnerException, InterruptedException {
		if (args.length != 1) {
			System.err.println("usage: SixFormats RESULTS_DIR");
			System.exit(2);
		}
		Path results = Files.createDirectories(Path.of(args[0]));
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
		Path served = Files.createTempDirectory("modelhost-served-");
		ServedModels.prepare(served);
		List<String> keys = selectedKeys();

		ChainedOptionsBuilder options = new OptionsBuilder().include(PredictBenchmark.class.getSimpleName())
			.include(LoadBenchmark.class.getSimpleName())
			.include(AdmitBenchmark.class.getSimpleName())
			.param("model", keys.toArray(String[]::new))
			.jvmArgsAppend("-D" + ServedModels.ROOT_PROPERTY + "=" + served)
			.result(results.resolve(stamp + "-jmh.json").toString())
			.resultFormat(ResultFormatType.JSON);
		if (Boolean.getBoolean(QUICK)) {
			options.forks(1)
				.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(300))
				.measurementIterations(3)
				.measurementTime(TimeValue.milliseconds(500));
		}
		Collection<RunResult> runs = new Runner(options.build()).run();

		Map<String, String> memory = new LinkedHashMap<>();
		for (String key : keys) {
			memory.put(key, probe(served, key));
		}
		String table = preamble(stamp) + table(keys, runs, memory, served);
		Files.writeString(results.resolve(stamp + ".md"), table, StandardCharsets.UTF_8);
		System.out.println();
		System.out.println(table);
		System.out.println("written " + results.resolve(stamp + ".md"));
	}

	/** What ran where: the figures mean little without it. */
	private static String preamble(String stamp) {
		return """
				# Engine benchmark results, %s

				- %d cores, %s %s; %s
				- JMH: see docs/benchmarks.md for what each column measures

				""".formatted(stamp, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.vm.version"),
				Boolean.getBoolean(QUICK) ? "**quick run: a smoke test, not a measurement**"
						: "forks and iterations as annotated on each benchmark");
	}

	private static List<String> selectedKeys() {
		String selected = System.getProperty(MODELS);
		if (selected == null || selected.isBlank()) {
			return BenchmarkModel.ALL.stream().map(BenchmarkModel::key).toList();
		}
		return List.of(selected.split(","))
			.stream()
			.map(String::strip)
			.map(BenchmarkModel::named)
			.map(BenchmarkModel::key)
			.toList();
	}

	/** Runs {@link MemoryProbe} for one model in a JVM of its own; returns its line. */
	private static String probe(Path served, String key) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		command.addAll(PROBE_HEAP);
		command.add("-D" + ServedModels.ROOT_PROPERTY + "=" + served);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MemoryProbe.class.getName());
		command.add(key);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("memory probe for " + key + " failed: " + output);
		}
		String line = output.lines().filter((candidate) -> candidate.startsWith("key=")).findFirst().orElseThrow();
		System.out.println("memory: " + line);
		return line;
	}

	private static String table(List<String> keys, Collection<RunResult> runs, Map<String, String> memory,
			Path served) {
		var out = new StringBuilder();
		out.append("| file type | model | engine | load cold ms | load warm ms | admit ms | single row p50 / p99 µs ")
			.append("| batch of 32 p50 / p99 µs | heap KB | native MB | engine start, native MB |\n")
			.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String key : keys) {
			BenchmarkModel model = BenchmarkModel.named(key);
			RunResult load = find(runs, "LoadBenchmark.load", key);
			RunResult admit = find(runs, "AdmitBenchmark.admit", key);
			RunResult single = find(runs, "PredictBenchmark.singleRow", key);
			RunResult batch = find(runs, "PredictBenchmark.batchOf32", key);
			Map<String, String> probe = fields(memory.get(key));
			List<Double> cold = new ArrayList<>();
			List<Double> warm = new ArrayList<>();
			for (BenchmarkResult fork : load.getBenchmarkResults()) {
				List<IterationResult> iterations = new ArrayList<>(fork.getIterationResults());
				cold.add(iterations.getFirst().getPrimaryResult().getScore());
				iterations.subList(Math.max(1, iterations.size() - LoadBenchmark.WARM_LOADS), iterations.size())
					.forEach((i) -> warm.add(i.getPrimaryResult().getScore()));
			}
			boolean holdsNative = Boolean.parseBoolean(probe.get("holds_native"));
			out.append("| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %.0f | %s | %s |\n".formatted(
					model.fileType(), model.label(), ServedModels.open(served, key).engine().id(), number(median(cold)),
					number(median(warm)), number(admit.getPrimaryResult().getStatistics().getPercentile(50)),
					number(percentile(single, 50)), number(percentile(single, 99)), number(percentile(batch, 50)),
					number(percentile(batch, 99)), Long.parseLong(probe.get("heap_bytes")) / KIB,
					holdsNative ? megabytes(probe.get("native_bytes")) : "–",
					holdsNative ? megabytes(probe.get("engine_native_bytes")) : "–"));
		}
		out.append("\nMemory probes, in bytes (").append(MemoryProbe.COPIES).append(" copies after the first): ");
		memory.values().forEach((line) -> out.append("\n- ").append(line));
		out.append('\n');
		return out.toString();
	}

	private static String megabytes(String bytes) {
		return "%.1f".formatted(Long.parseLong(bytes) / MIB);
	}

	private static RunResult find(Collection<RunResult> runs, String benchmark, String key) {
		return runs.stream()
			.filter((run) -> run.getParams().getBenchmark().endsWith(benchmark)
					&& key.equals(run.getParams().getParam("model")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no result for " + benchmark + " " + key));
	}

	private static double percentile(RunResult run, double percent) {
		return run.getPrimaryResult().getStatistics().getPercentile(percent);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/** Three significant figures at most, no more than one decimal. */
	private static String number(double value) {
		if (value >= 100) {
			return "%,.0f".formatted(value);
		}
		return (value >= 10) ? "%.1f".formatted(value) : "%.2f".formatted(value);
	}

	private static Map<String, String> fields(String line) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : line.split(" ")) {
			int equals = pair.indexOf('=');
			fields.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return fields;
	}

}
