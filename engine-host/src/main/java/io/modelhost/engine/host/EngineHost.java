package io.modelhost.engine.host;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.EngineCatalog;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.host.Protocol.Request;
import io.modelhost.engine.host.Protocol.Status;
import org.jspecify.annotations.Nullable;

/**
 * The worker process: loads one engine with {@link java.util.ServiceLoader} and answers
 * {@link Protocol} requests from stdin on stdout; logs go to stderr.
 *
 * <p>
 * Started as {@code java ... io.modelhost.engine.host.EngineHost <engine-id>} by
 * {@link IsolatedEngine}, normally inside a {@link Sandbox}; with {@code --prepare}
 * before the id it only starts the engine's native runtime ({@link ModelEngine#start()})
 * and exits, so that native libraries are extracted while their cache is still writable.
 *
 * <p>
 * A small pool of threads takes turns reading requests (receiving files into a private
 * temporary directory) and handles each request on the thread that read it, so a long
 * admission does not hold up predictions on other models; responses are written whole
 * under one lock. The process exits when stdin closes.
 */
public final class EngineHost {

	/** Threads reading and handling requests; more requests wait their turn. */
	private static final int THREADS = Integer.getInteger("modelhost.engine-host.threads", 16);

	private final ModelEngine engine;

	private final DataInputStream in;

	private final BufferedInputStream inStream;

	private final DataOutputStream out;

	private final BufferedOutputStream outStream;

	/** Held while one response is written whole. */
	private final ReentrantLock writing = new ReentrantLock();

	private final Path scratch;

	/** Held by the one thread reading a request. */
	private final ReentrantLock reading = new ReentrantLock();

	/** Open until stdin ends. */
	private final CountDownLatch finished = new CountDownLatch(1);

	private final AtomicLong handles = new AtomicLong();

	private final Map<Long, Hosted> models = new ConcurrentHashMap<>();

	EngineHost(ModelEngine engine, BufferedInputStream in, BufferedOutputStream out, Path scratch) {
		this.engine = engine;
		this.inStream = in;
		this.in = new DataInputStream(in);
		this.outStream = out;
		this.out = new DataOutputStream(out);
		this.scratch = scratch;
	}

	/**
	 * Runs the worker.
	 * @param args {@code [--prepare] <engine-id>}
	 */
	public static void main(String[] args) throws IOException {
		// the protocol owns stdout: anything else printed goes to stderr instead
		var protocolOut = new BufferedOutputStream(ProtocolChannel.claimStdout(), 64 * 1024);
		boolean prepare = args.length == 2 && args[0].equals("--prepare");
		if (args.length != 1 && !prepare) {
			System.err.println("usage: EngineHost [--prepare] <engine-id>");
			System.exit(2);
		}
		String id = args[args.length - 1];
		EngineCatalog catalog = EngineCatalog.discover(Thread.currentThread().getContextClassLoader());
		ModelEngine engine = catalog.engine(id).orElse(null);
		if (engine == null) {
			System.err
				.println("no engine '" + id + "' among " + catalog.engines().stream().map(ModelEngine::id).toList());
			System.exit(3);
		}
		engine.start();
		if (prepare) {
			System.exit(0);
		}
		Path scratch = Files.createTempDirectory("engine-host");
		var host = new EngineHost(engine, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024),
				protocolOut, scratch);
		host.serve();
		// stdin closed: the server is gone or wants this worker gone
		System.exit(0);
	}

	/** Says hello, then answers requests until stdin closes. */
	void serve() throws IOException {
		this.writing.lock();
		try {
			this.out.writeInt(Protocol.HELLO);
			Codec.writeString(this.out, this.engine.id());
			this.out.flush();
		}
		finally {
			this.writing.unlock();
		}
		for (int i = 0; i < THREADS; i++) {
			Thread.ofPlatform().daemon().name("engine-host-" + i).start(this::follow);
		}
		try {
			this.finished.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Takes turns at reading: the thread that reads a request handles it itself, while
	 * the next one reads the next request (leader/follower), so that no request waits for
	 * a hand-off between threads.
	 */
	private void follow() {
		while (true) {
			Runnable handler;
			this.reading.lock();
			try {
				handler = (this.finished.getCount() == 0) ? null : receive();
			}
			catch (IOException | RuntimeException ex) {
				// a broken stream: nothing more can be read, so this worker is done
				handler = null;
			}
			finally {
				this.reading.unlock();
			}
			if (handler == null) {
				this.finished.countDown();
				return;
			}
			handler.run();
		}
	}

	/** Reads one request whole; null at the end of stdin. */
	private @Nullable Runnable receive() throws IOException {
		int type = this.in.read();
		if (type < 0) {
			return null;
		}
		long id = this.in.readLong();
		return switch (Codec.readEnum(type, Request.values())) {
			case ADMIT -> receiveAdmission(id);
			case LOAD -> receiveLoad(id);
			case PREDICT -> receivePrediction(id);
			case CLOSE -> receiveClose(id);
		};
	}

	private Runnable receiveAdmission(long id) throws IOException {
		var claim = new FormatClaim(new ModelFormat(Codec.readString(this.in), Codec.readString(this.in)),
				this.in.readInt(), Codec.readString(this.in));
		var limits = new AdmissionLimits(this.in.readLong(), this.in.readInt());
		List<TensorSpec> declared = Codec.readSpecs(this.in);
		Path directory = Files.createTempDirectory(this.scratch, "model");
		String upload = Protocol.readFile(this.inStream, this.in, directory);
		return () -> answer(id, () -> {
			long before = ResidentMemory.bytes();
			AdmittedModel admitted = this.engine.admit(directory.resolve(upload), claim, directory, limits, declared);
			long growth = ResidentMemory.growth(before);
			long handle = this.handles.incrementAndGet();
			this.models.put(handle, new Hosted(admitted.model(), directory));
			var written = new ArrayList<Path>();
			try (var files = Files.list(directory)) {
				files.filter((file) -> Files.isRegularFile(file) && !file.getFileName().toString().equals(upload))
					.forEach(written::add);
			}
			return (out) -> {
				out.writeLong(handle);
				Codec.writeString(out, admitted.format().id());
				Codec.writeString(out, admitted.format().displayName());
				Codec.writeString(out, admitted.servedFile());
				Codec.writeSignature(out, admitted.model().signature());
				Codec.writeStrings(out, admitted.notes());
				out.writeLong(growth);
				out.writeInt(written.size());
				for (Path file : written) {
					Protocol.writeFile(this.outStream, out, file.getFileName().toString(), file);
				}
			};
		});
	}

	private Runnable receiveLoad(long id) throws IOException {
		var format = new ModelFormat(Codec.readString(this.in), Codec.readString(this.in));
		String served = Codec.readString(this.in);
		Path directory = Files.createTempDirectory(this.scratch, "model");
		int count = Codec.length(this.in, 1024);
		for (int i = 0; i < count; i++) {
			Protocol.readFile(this.inStream, this.in, directory);
		}
		return () -> answer(id, () -> {
			if (!Protocol.plainName(served)) {
				throw new IllegalArgumentException("not a plain file name: '" + served + "'");
			}
			long before = ResidentMemory.bytes();
			LoadedModel model = this.engine.load(directory.resolve(served), format);
			long growth = ResidentMemory.growth(before);
			long handle = this.handles.incrementAndGet();
			this.models.put(handle, new Hosted(model, directory));
			return (out) -> {
				out.writeLong(handle);
				Codec.writeSignature(out, model.signature());
				out.writeLong(growth);
			};
		});
	}

	private Runnable receivePrediction(long id) throws IOException {
		long handle = this.in.readLong();
		ModelInput input = Codec.readInput(this.in);
		return () -> answer(id, () -> {
			Prediction prediction = hosted(handle).model().predict(input);
			return (out) -> Codec.writePrediction(out, prediction);
		});
	}

	private Runnable receiveClose(long id) throws IOException {
		long handle = this.in.readLong();
		return () -> answer(id, () -> {
			Hosted hosted = this.models.remove(handle);
			if (hosted != null) {
				hosted.close();
			}
			return (out) -> {
			};
		});
	}

	private Hosted hosted(long handle) {
		Hosted hosted = this.models.get(handle);
		if (hosted == null) {
			throw new IllegalStateException("no model with handle " + handle + " in this worker");
		}
		return hosted;
	}

	/**
	 * Runs a handler and writes its response, or the exception it threw, as one frame.
	 */
	private void answer(long id, Handler handler) {
		Body body;
		RuntimeException failure = null;
		try {
			body = handler.handle();
		}
		catch (RuntimeException ex) {
			body = null;
			failure = ex;
		}
		catch (IOException ex) {
			body = null;
			failure = new UncheckedIOException(ex);
		}
		catch (StackOverflowError ex) {
			body = null;
			failure = new IllegalStateException("stack overflow", ex);
		}
		this.writing.lock();
		try {
			this.out.writeLong(id);
			if (failure == null) {
				this.out.writeByte(Status.OK.ordinal());
				body.write(this.out);
			}
			else {
				Protocol.writeFailure(this.out, failure);
			}
			this.out.flush();
		}
		catch (IOException | RuntimeException ex) {
			// the server is gone, or the frame is half written and the stream is lost:
			// either way this worker is done
			ex.printStackTrace();
			Runtime.getRuntime().halt(4);
		}
		finally {
			this.writing.unlock();
		}
	}

	@FunctionalInterface
	private interface Handler {

		Body handle() throws IOException;

	}

	/** A response body, written under the response lock. */
	@FunctionalInterface
	private interface Body {

		void write(DataOutputStream out) throws IOException;

	}

	/** A model this worker holds, with the directory its files were received into. */
	private record Hosted(LoadedModel model, Path directory) {

		void close() {
			this.model.close();
			FileTrees.delete(this.directory);
		}

	}

}
