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
import java.util.Objects;
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
 * once. The callers take turns at reading answers (leader/follower): one reads, hands
 * other callers their answers and steps down once its own has come, and the next waiting
 * caller takes over, so that an answer wakes no thread but the one waiting for it. A
 * deadline is a timer that kills the worker, which ends any read in progress. When the
 * process dies, or is killed, every call in flight fails; a new connection is the
 * supervisor's business ({@link Worker}).
 */
final class WorkerConnection {

	private static final Logger log = LoggerFactory.getLogger(WorkerConnection.class);

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

	/** Held by the caller that reads answers. */
	private final ReentrantLock reading = new ReentrantLock();

	/**
	 * Completed when the current reader steps down, so that a waiting caller can take
	 * over.
	 */
	private volatile CompletableFuture<Void> term = CompletableFuture.completedFuture(null);

	/** Why the worker is gone; null while it runs. */
	private volatile @Nullable String stopped;

	/** Whether it was stopped on purpose, not for a fault. */
	private volatile boolean expected;

	/** Whether {@link #died} ran. Guarded by this. */
	private boolean buried;

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
		process.onExit().thenAccept((exited) -> connection.died("it exited with code " + exited.exitValue()));
		var hello = new CompletableFuture<Void>();
		hello.orTimeout(startTimeout.toNanos(), TimeUnit.NANOSECONDS).exceptionally((timeout) -> {
			connection.kill("it did not start within " + startTimeout.toSeconds() + " s");
			return null;
		});
		try {
			connection.hello(engineId);
			hello.complete(null);
		}
		catch (IOException ex) {
			hello.complete(null);
			connection.kill("it failed to start");
			throw new IllegalStateException("The engine worker failed to start: "
					+ Objects.requireNonNullElse(connection.stopped, ex.getMessage()), ex);
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
		catch (RuntimeException ex) {
			// a value the codec cannot encode, half a frame sent: the stream is lost
			this.pending.remove(id);
			kill("a request could not be encoded: " + ex.getMessage());
			throw ex;
		}
		finally {
			this.sending.unlock();
		}
		// the timer kills the worker, which also ends a read blocked waiting for this
		// answer
		call.answer().orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS).whenComplete((value, failure) -> {
			if (failure instanceof TimeoutException) {
				kill("a " + request + " took longer than its " + deadline.toMillis() + " ms deadline");
			}
		});
		try {
			return await(call);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TimeoutException) {
				kill("a " + request + " took longer than its " + deadline.toMillis() + " ms deadline");
				throw failures.tookTooLong().get();
			}
			if (ex.getCause() instanceof Stopped) {
				throw failures.stopped().get();
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			// the answer still arrives, and whoever reads then drops it
			Thread.currentThread().interrupt();
			throw failures.stopped().get();
		}
	}

	/** Waits for the answer, reading answers itself whenever nobody else does. */
	private <T> T await(Pending<T> call) throws ExecutionException, InterruptedException {
		while (!call.answer().isDone()) {
			CompletableFuture<Void> current = this.term;
			if (this.reading.tryLock()) {
				var ended = new CompletableFuture<Void>();
				this.term = ended;
				try {
					while (!call.answer().isDone()) {
						readAnswer();
					}
				}
				catch (IOException | RuntimeException ex) {
					// the worker died or was killed, or sent a frame that makes no
					// sense: either way nothing more can be read from it
					died("its output ended or made no sense (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
							+ ")");
				}
				finally {
					this.reading.unlock();
					ended.complete(null);
				}
			}
			else {
				CompletableFuture.anyOf(call.answer(), current).exceptionally((failure) -> null).get();
			}
		}
		return call.answer().get();
	}

	/** Reads one answer and completes its call. */
	private void readAnswer() throws IOException {
		long callId = this.in.readLong();
		Status status = Codec.readEnum(this.in, Status.values());
		Pending<?> call = this.pending.remove(callId);
		if (call == null) {
			throw new IOException("an answer to request " + callId + ", which was never sent");
		}
		call.receive(status, this.inStream, this.in);
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

	/** Reads the worker's hello. */
	private void hello(String engineId) throws IOException {
		if (this.in.readInt() != Protocol.HELLO) {
			throw new IOException("the worker did not say hello");
		}
		String id = Codec.readString(this.in);
		if (!id.equals(engineId)) {
			throw new IOException("the worker runs engine '" + id + "', not '" + engineId + "'");
		}
	}

	/**
	 * Marks the worker gone, kills what is left of it and fails every call in flight; the
	 * first reason given is the one logged. Idempotent.
	 */
	private void died(String reason) {
		String why;
		synchronized (this) {
			if (this.buried) {
				return;
			}
			this.buried = true;
			if (this.stopped == null) {
				this.stopped = reason;
			}
			why = this.stopped;
		}
		kill(why);
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
