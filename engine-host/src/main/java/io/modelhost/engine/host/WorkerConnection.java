package io.modelhost.engine.host;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.modelhost.engine.host.Protocol.Request;
import io.modelhost.engine.host.Protocol.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker process and the pipe to it. Calls from many threads are in flight at
 * once; one reader thread hands each response to its caller. When the process dies, or a
 * call passes its deadline and the process is killed, every call in flight fails; a new
 * connection is the supervisor's business ({@link Worker}).
 */
final class WorkerConnection {

	private static final Logger log = LoggerFactory.getLogger(WorkerConnection.class);

	/** How long a caller spins for its answer before it parks. */
	private static final long SPIN_NANOS = 50_000;

	private final String name;

	private final Process process;

	private final Path scratch;

	private final BufferedOutputStream outStream;

	private final DataOutputStream out;

	/** Held while one request is written whole. */
	private final ReentrantLock sending = new ReentrantLock();

	private final BufferedInputStream inStream;

	private final DataInputStream in;

	private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	/** Why the worker is gone; null while it runs. */
	private volatile @Nullable String stopped;

	/** Whether it was stopped on purpose, not for a fault. */
	private volatile boolean expected;

	private WorkerConnection(String name, Process process, Path scratch) {
		this.name = name;
		this.process = process;
		this.scratch = scratch;
		this.outStream = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
		this.out = new DataOutputStream(this.outStream);
		this.inStream = new BufferedInputStream(process.getInputStream(), 64 * 1024);
		this.in = new DataInputStream(this.inStream);
	}

	/**
	 * Starts a worker and waits for its hello.
	 * @throws IllegalStateException if it cannot start, or does not say hello in time
	 */
	static WorkerConnection start(String name, List<String> command, Map<String, String> environment, Path scratch,
			String engineId, Duration startTimeout) {
		var builder = new ProcessBuilder(command).directory(scratch.toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			FileTrees.delete(scratch);
			throw new IllegalStateException("The engine worker cannot be started: " + ex.getMessage(), ex);
		}
		var connection = new WorkerConnection(name, process, scratch);
		Thread.ofPlatform().daemon().name(name + "-stderr").start(() -> connection.relay(process.getErrorStream()));
		Thread.ofPlatform().daemon().name(name + "-reader").start(() -> connection.read(engineId));
		try {
			connection.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			connection.kill("it did not start within " + startTimeout.toSeconds() + " s");
			throw new IllegalStateException(
					"The engine worker did not start within " + startTimeout.toSeconds() + " s");
		}
		catch (ExecutionException ex) {
			connection.kill("it failed to start");
			throw new IllegalStateException("The engine worker failed to start: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			connection.kill("the server was interrupted while it started");
			throw new IllegalStateException("interrupted while the engine worker started", ex);
		}
		log.info("Engine worker {} started (pid {})", name, connection.pid());
		return connection;
	}

	boolean alive() {
		return this.stopped == null && this.process.isAlive();
	}

	/**
	 * The pid of the worker's JVM: the innermost process of the tree (prlimit and
	 * bubblewrap run in front of it).
	 */
	long pid() {
		return this.process.descendants()
			.filter((child) -> child.children().findAny().isEmpty())
			.mapToLong(ProcessHandle::pid)
			.max()
			.orElse(this.process.pid());
	}

	/**
	 * Sends a request and waits for its answer.
	 * @param deadline how long the worker has; past it the worker is killed
	 * @param failures the exceptions to throw for a late answer or a dead worker
	 * @throws RuntimeException the engine's own exception, rebuilt, or one of
	 * {@code failures}
	 */
	<T> T call(Request request, Duration deadline, RequestBody body, ResponseReader<T> reader, Failures failures) {
		if (!alive()) {
			throw failures.stopped().get();
		}
		long id = this.ids.incrementAndGet();
		var call = new Pending<T>(reader, new CompletableFuture<>());
		this.pending.put(id, call);
		this.sending.lock();
		try {
			this.out.writeByte(request.ordinal());
			this.out.writeLong(id);
			body.write(this.outStream, this.out);
			this.out.flush();
		}
		catch (IOException ex) {
			kill("a request could not be written: " + ex.getMessage());
			throw failures.stopped().get();
		}
		finally {
			this.sending.unlock();
		}
		try {
			// a short spin catches a fast answer before this thread parks: waking it
			// costs
			// more than most predictions
			long spinUntil = System.nanoTime() + SPIN_NANOS;
			while (!call.answer().isDone() && System.nanoTime() < spinUntil) {
				Thread.onSpinWait();
			}
			return call.answer().get(deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			kill("a " + request + " took longer than its " + deadline.toMillis() + " ms deadline");
			throw failures.tookTooLong().get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Stopped) {
				throw failures.stopped().get();
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			// the answer still arrives and is dropped by the reader
			Thread.currentThread().interrupt();
			throw failures.stopped().get();
		}
	}

	/** Kills the worker and everything it started; calls in flight fail. Idempotent. */
	void kill(String why) {
		kill(why, false);
	}

	/**
	 * Kills the worker; {@code expected} when nobody need worry (its engine closed).
	 */
	void kill(String why, boolean expected) {
		if (this.stopped == null) {
			this.stopped = why;
			this.expected = expected;
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	/** Reads the hello, then every answer, until the worker's stdout closes. */
	private void read(String engineId) {
		try {
			if (this.in.readInt() != Protocol.HELLO) {
				throw new IOException("the worker did not say hello");
			}
			String id = Codec.readString(this.in);
			if (!id.equals(engineId)) {
				throw new IOException("the worker runs engine '" + id + "', not '" + engineId + "'");
			}
			this.ready.complete(null);
			while (true) {
				long callId = this.in.readLong();
				Status status = Codec.readEnum(this.in, Status.values());
				Pending<?> call = this.pending.remove(callId);
				if (call == null) {
					throw new IOException("an answer to request " + callId + ", which was never sent");
				}
				call.receive(status, this.inStream, this.in);
			}
		}
		catch (IOException | RuntimeException ex) {
			// end of stream (the worker died or was killed), or a frame that makes no
			// sense:
			// either way nothing more can be read from this worker
			String why = this.stopped != null ? this.stopped : "its output ended or made no sense ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
			kill(why);
			this.ready.completeExceptionally(new IllegalStateException(why));
			this.pending.values().forEach((call) -> call.answer().completeExceptionally(new Stopped()));
			this.pending.clear();
			this.process.onExit().thenAccept((exited) -> {
				if (this.expected) {
					log.info("Engine worker {} stopped: {}", this.name, why);
				}
				else {
					log.warn("Engine worker {} (pid {}) stopped with exit code {}: {}", this.name, exited.pid(),
							exited.exitValue(), why);
				}
			});
			FileTrees.delete(this.scratch);
		}
	}

	/** Logs what the worker writes to stderr, line by line. */
	private void relay(InputStream errors) {
		try (var lines = new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				log.info("[{}] {}", this.name, line);
			}
		}
		catch (IOException ex) {
			// the worker is gone
		}
	}

	/** Writes a request's body. */
	@FunctionalInterface
	interface RequestBody {

		void write(BufferedOutputStream stream, DataOutputStream out) throws IOException;

	}

	/** Reads an answer's body, on the reader thread; must read it whole. */
	@FunctionalInterface
	interface ResponseReader<T> {

		T read(BufferedInputStream stream, DataInputStream in) throws IOException;

	}

	/**
	 * What a call throws when the worker misses its deadline, or stops before answering.
	 *
	 * @param tookTooLong the exception for a missed deadline
	 * @param stopped the exception for a worker that stopped
	 */
	record Failures(Supplier<RuntimeException> tookTooLong, Supplier<RuntimeException> stopped) {

	}

	private record Pending<T>(ResponseReader<T> reader, CompletableFuture<T> answer) {

		void receive(Status status, BufferedInputStream stream, DataInputStream in) throws IOException {
			if (status == Status.OK) {
				this.answer.complete(this.reader.read(stream, in));
			}
			else {
				this.answer.completeExceptionally(Protocol.readFailure(status, in));
			}
		}

	}

	/** The worker stopped before it answered. */
	private static final class Stopped extends RuntimeException {

		Stopped() {
			super(null, null, false, false);
		}

	}

}
