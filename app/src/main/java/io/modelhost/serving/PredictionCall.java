package io.modelhost.serving;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelId;
import org.jspecify.annotations.Nullable;

/**
 * One prediction request as it goes through serving: who calls which model over which
 * protocol, and, as the request proceeds, what it resolved to and how it ran. The HTTP
 * adapter creates it and records it when the response is complete.
 */
public final class PredictionCall {

	/**
	 * The request attribute under which an HTTP adapter leaves the call, so that it is
	 * recorded with the response's status when the response is complete.
	 */
	public static final String REQUEST_ATTRIBUTE = PredictionCall.class.getName();

	private final Caller caller;

	private final String model;

	private final @Nullable Integer version;

	private final String protocol;

	private final @Nullable String alias;

	private final long startedNanos = System.nanoTime();

	// Filled in by the Predictor as the call proceeds; read after it returns or throws.
	private volatile @Nullable ModelId modelId;

	private volatile int modelVersion;

	private volatile int routedTo = -1;

	private volatile int rows;

	private volatile long queueNanos;

	private volatile int batchSize;

	/**
	 * The status the API would have answered, when the HTTP response is not that; 0 if
	 * not set.
	 */
	private volatile int answeredStatus;

	private volatile @Nullable String answeredErrorType;

	/**
	 * A call.
	 * @param caller who calls
	 * @param model the model's id, or its name for protocols that address models by name
	 * @param protocol which API: {@code modelhost}, {@code v2}, {@code v1},
	 * {@code mlflow}
	 */
	public PredictionCall(Caller caller, String model, String protocol) {
		this(caller, model, null, protocol);
	}

	/**
	 * A call to a given version.
	 * @param caller who calls
	 * @param model the model's id, or its name for protocols that address models by name
	 * @param version the version asked for, or null for the one the endpoint serves
	 * (alias {@code production})
	 * @param protocol which API: {@code modelhost}, {@code v2}, {@code v1},
	 * {@code mlflow}
	 */
	public PredictionCall(Caller caller, String model, @Nullable Integer version, String protocol) {
		this(caller, model, version, null, protocol);
	}

	private PredictionCall(Caller caller, String model, @Nullable Integer version, @Nullable String alias,
			String protocol) {
		this.caller = caller;
		this.model = model;
		this.version = version;
		this.alias = alias;
		this.protocol = protocol;
	}

	/**
	 * A call to the version an alias points to; {@code production} is the endpoint
	 * itself, traffic split included.
	 * @param caller who calls
	 * @param model the model's id, or its name for protocols that address models by name
	 * @param alias the alias, e.g. {@code staging}
	 * @param protocol which API
	 */
	public static PredictionCall byAlias(Caller caller, String model, String alias, String protocol) {
		return new PredictionCall(caller, model, null, "production".equals(alias) ? null : alias, protocol);
	}

	public Caller caller() {
		return this.caller;
	}

	/** The model as the request named it. */
	public String model() {
		return this.model;
	}

	/** The version the request asked for, or null for the one the endpoint serves. */
	public @Nullable Integer version() {
		return this.version;
	}

	public String protocol() {
		return this.protocol;
	}

	/**
	 * The alias the request named (other than production), or null for the endpoint or a
	 * version.
	 */
	public @Nullable String alias() {
		return this.alias;
	}

	/**
	 * Where the endpoint's traffic split sent the call: the canary's version, 0 for
	 * production; -1 until decided, once per call.
	 */
	int routedTo() {
		return this.routedTo;
	}

	void routedTo(int version) {
		this.routedTo = version;
	}

	public long startedNanos() {
		return this.startedNanos;
	}

	/** The model the call resolved to, or null if it was not found. */
	public @Nullable ModelId modelId() {
		return this.modelId;
	}

	public int modelVersion() {
		return this.modelVersion;
	}

	public int rows() {
		return this.rows;
	}

	public long queueNanos() {
		return this.queueNanos;
	}

	public int batchSize() {
		return this.batchSize;
	}

	void resolved(ModelId id, int version) {
		this.modelId = id;
		this.modelVersion = version;
	}

	void decoded(int rows) {
		this.rows = rows;
	}

	void ran(long queueNanos, int batchSize) {
		this.queueNanos = queueNanos;
		this.batchSize = batchSize;
	}

	/** Milliseconds since the call began, to the microsecond. */
	/**
	 * For a caller that shows a prediction inside another response (the dashboard's test
	 * console, which answers 200 with a page either way): the status and problem type the
	 * API would have answered, which the usage record then keeps.
	 */
	public void answered(int status, @Nullable String errorType) {
		this.answeredStatus = status;
		this.answeredErrorType = errorType;
	}

	/** The status set by {@link #answered}, or 0 to use the HTTP response's. */
	public int answeredStatus() {
		return this.answeredStatus;
	}

	public @Nullable String answeredErrorType() {
		return this.answeredErrorType;
	}

	public double elapsedMillis() {
		return Math.round((System.nanoTime() - this.startedNanos) / 1_000.0) / 1_000.0;
	}

}
