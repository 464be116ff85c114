package io.modelhost.engine.host;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import org.jspecify.annotations.Nullable;

/**
 * A test engine that plays an escaped model: its "model file" is the line {@code probe},
 * and each row of a prediction names an action it tries where it runs (read or write a
 * file, connect to a port, start a program, allocate memory, sleep, exit) and answers
 * {@code ok: ...} or {@code denied: <what failed>}.
 */
public final class ProbeEngine implements ModelEngine {

	static final ModelFormat PROBE = new ModelFormat("probe", "sandbox probe");

	static final ModelSignature SIGNATURE = new TabularSignature(
			List.of(new Feature("action", FeatureType.STRING, List.of(), true)),
			new Target("outcome", Task.REGRESSION, List.of()));

	private static final byte[] MAGIC = "probe".getBytes(StandardCharsets.US_ASCII);

	@Override
	public String id() {
		return "sandbox-probe";
	}

	@Override
	public List<ModelFormat> formats() {
		return List.of(PROBE);
	}

	@Override
	public boolean holdsNativeMemory() {
		return false;
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		return sample.hasBytesAt(0, MAGIC) ? Optional.of(new FormatClaim(PROBE, 100, "probe")) : Optional.empty();
	}

	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		return new AdmittedModel(PROBE, upload.getFileName().toString(), load(upload, PROBE), List.of("probing"));
	}

	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		return new Probe();
	}

	private static final class Probe implements LoadedModel {

		@Override
		public ModelSignature signature() {
			return SIGNATURE;
		}

		@Override
		public Prediction predict(ModelInput input) {
			var outcomes = new ArrayList<@Nullable Object>();
			for (@Nullable
			Object[] row : ((ModelInput.Rows) input).rows()) {
				outcomes.add(attempt(String.valueOf(row[0])));
			}
			return new Prediction.Values(outcomes, null);
		}

		@Override
		public void close() {
		}

	}

	/** Tries the action; never throws but for an out-of-memory error on the heap. */
	static String attempt(String action) {
		String[] words = action.split(" ", 2);
		String argument = words.length > 1 ? words[1] : "";
		try {
			return "ok: " + switch (words[0]) {
				case "read-file" -> Files.readString(Path.of(argument)).strip();
				case "write-file" -> {
					Files.writeString(Path.of(argument), "escaped");
					yield "wrote " + argument;
				}
				case "connect" -> {
					try (var socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(argument))) {
						yield "connected to " + socket.getRemoteSocketAddress();
					}
				}
				case "exec" -> {
					Process process = new ProcessBuilder(argument).redirectErrorStream(true).start();
					yield new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
				}
				case "allocate-native" -> {
					try (Arena arena = Arena.ofConfined()) {
						arena.allocate(Long.parseLong(argument));
						yield "allocated " + argument + " bytes";
					}
				}
				case "allocate-heap" -> {
					var hoard = new ArrayList<long[]>();
					while (true) {
						hoard.add(new long[16 * 1024 * 1024]);
					}
				}
				case "sleep" -> {
					Thread.sleep(Long.parseLong(argument));
					yield "slept";
				}
				case "noop" -> "nothing";
				case "pid" -> String.valueOf(ProcessHandle.current().pid());
				default -> throw new IllegalArgumentException("no action " + words[0]);
			};
		}
		catch (Exception | OutOfMemoryError ex) {
			if (ex instanceof OutOfMemoryError && words[0].equals("allocate-heap")) {
				throw (OutOfMemoryError) ex;
			}
			return "denied: " + ex;
		}
	}

}
