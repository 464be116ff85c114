package io.modelhost.engine;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A model file that cannot be served, with what went wrong, where, and what to do.
 */
public final class ModelRejectedException extends EngineException {

	private final Kind kind;

	private final Phase phase;

	private final @Nullable String hint;

	private final List<String> offendingImports;

	private ModelRejectedException(Kind kind, Phase phase, String reason, @Nullable String hint,
			List<String> offendingImports, @Nullable Throwable cause) {
		super(reason, cause);
		this.kind = kind;
		this.phase = phase;
		this.hint = hint;
		this.offendingImports = List.copyOf(offendingImports);
	}

	/** A file that would do something other than describe a model: it must never load. */
	public static ModelRejectedException unsafe(String reason, List<String> offendingImports, @Nullable String hint) {
		return new ModelRejectedException(Kind.UNSAFE, Phase.SCAN, reason, hint, offendingImports, null);
	}

	/** A file in a format, or using a feature, that this platform cannot serve. */
	public static ModelRejectedException unsupported(Phase phase, String reason, @Nullable String hint) {
		return new ModelRejectedException(Kind.UNSUPPORTED, phase, reason, hint, List.of(), null);
	}

	/** A broken or inconsistent file. */
	public static ModelRejectedException invalid(Phase phase, String reason, @Nullable String hint,
			@Nullable Throwable cause) {
		return new ModelRejectedException(Kind.INVALID, phase, reason, hint, List.of(), cause);
	}

	/** A file that expands beyond the limits while being read. */
	public static ModelRejectedException tooLarge(Phase phase, String reason) {
		return new ModelRejectedException(Kind.TOO_LARGE, phase, reason, null, List.of(), null);
	}

	/**
	 * A file whose admission or load ran past its deadline: the work was stopped and
	 * nothing was kept.
	 */
	public static ModelRejectedException timedOut(Phase phase, String reason) {
		return new ModelRejectedException(Kind.TIMED_OUT, phase, reason, null, List.of(), null);
	}

	public Kind kind() {
		return this.kind;
	}

	public Phase phase() {
		return this.phase;
	}

	/** What the uploader can do about it, or null. */
	public @Nullable String hint() {
		return this.hint;
	}

	/** For {@link Kind#UNSAFE}: the imports ({@code module.name}) that were refused. */
	public List<String> offendingImports() {
		return this.offendingImports;
	}

	/** Why a model was rejected. */
	public enum Kind {

		/** It would run code, or reference something outside the allow-list. */
		UNSAFE,
		/** Recognised, but not servable here. */
		UNSUPPORTED,
		/** Broken, truncated or inconsistent. */
		INVALID,
		/** It expands beyond the limits. */
		TOO_LARGE,
		/** Checking, converting or loading it took longer than the deadline. */
		TIMED_OUT

	}

	/** Where in admission or loading it was rejected. */
	public enum Phase {

		DETECT, SCAN, CONVERT, LOAD, VALIDATE;

		/** Lower-case name for the API. */
		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
