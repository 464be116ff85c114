package io.modelhost.engine.host;

import java.nio.file.Path;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.host.Protocol.Request;
import org.jspecify.annotations.Nullable;

/**
 * A model loaded in an engine worker. Predictions go over the pipe; when the worker it
 * was loaded into has died, the next prediction loads it into the new worker first, from
 * the engine's own copy of its files.
 *
 * <p>
 * Thread-safe, as {@link LoadedModel} requires. Closing it unloads it in the worker and
 * deletes its spooled files.
 */
public final class IsolatedModel implements LoadedModel {

	private final IsolatedEngine engine;

	private final Path spool;

	private final String servedFile;

	private final ModelFormat format;

	private final ModelSignature signature;

	/** The worker the model is loaded in and its handle there. Guarded by this. */
	private @Nullable Binding binding;

	/** Guarded by this. */
	private long residentBytes;

	/** Guarded by this. */
	private boolean closed;

	IsolatedModel(IsolatedEngine engine, Path spool, String servedFile, ModelFormat format, ModelSignature signature,
			long residentBytes, WorkerConnection connection, long handle) {
		this.engine = engine;
		this.spool = spool;
		this.servedFile = servedFile;
		this.format = format;
		this.signature = signature;
		this.residentBytes = residentBytes;
		this.binding = new Binding(connection, handle);
	}

	@Override
	public ModelSignature signature() {
		return this.signature;
	}

	/**
	 * How much the worker's resident memory grew while it last loaded this model, in
	 * bytes; -1 where the worker could not tell. Other loads running at the same time in
	 * the same worker blur it.
	 */
	public synchronized long workerResidentBytes() {
		return this.residentBytes;
	}

	/**
	 * {@inheritDoc}
	 * @throws io.modelhost.engine.PredictionFailedException also when the prediction
	 * passes its deadline (the worker is killed) or the worker dies during it
	 */
	@Override
	public Prediction predict(ModelInput input) {
		Binding bound = bound();
		return bound.connection().call(Request.PREDICT, this.engine.settings().predictionDeadline(), (stream, out) -> {
			out.writeLong(bound.handle());
			Codec.writeInput(out, input);
		}, (stream, in) -> Codec.readPrediction(in), IsolatedEngine.failures(Request.PREDICT));
	}

	/** The binding to the running worker, loading the model into it first if need be. */
	private synchronized Binding bound() {
		if (this.closed) {
			throw new IllegalStateException("the model is closed");
		}
		WorkerConnection running;
		try {
			running = this.engine.worker().connection();
		}
		catch (IllegalStateException ex) {
			throw new io.modelhost.engine.PredictionFailedException("The engine's worker process cannot start", ex);
		}
		if (this.binding != null && this.binding.connection() == running) {
			return this.binding;
		}
		this.binding = null;
		IsolatedEngine.Loaded loaded;
		try {
			loaded = this.engine.loadInto(running, this.spool, this.servedFile, this.format);
		}
		catch (RuntimeException ex) {
			throw new io.modelhost.engine.PredictionFailedException(
					"The model could not be loaded again after its engine's worker process restarted", ex);
		}
		this.residentBytes = loaded.residentBytes();
		this.binding = new Binding(running, loaded.handle());
		return this.binding;
	}

	@Override
	public void close() {
		Binding last;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			last = this.binding;
			this.binding = null;
		}
		if (last != null) {
			this.engine.unload(last.connection(), last.handle());
		}
		FileTrees.delete(this.spool);
	}

	private record Binding(WorkerConnection connection, long handle) {

	}

}
