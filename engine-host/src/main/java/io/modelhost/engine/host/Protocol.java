package io.modelhost.engine.host;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.PredictionFailedException;

/**
 * The frames server and worker exchange over the worker's stdin and stdout.
 *
 * <p>
 * The worker first writes {@link #HELLO} and its engine id. Then every request is a type
 * byte, a request id (a long chosen by the server) and a body; every response is the
 * request id, a {@link Status} byte and a body. Requests are answered in any order, so
 * predictions on different models do not wait for one another. Files travel as a plain
 * name, a length and the bytes.
 */
final class Protocol {

	/** What a worker writes first, once its engine has started. */
	static final int HELLO = 0x4d484548;

	private static final int BUFFER = 64 * 1024;

	private Protocol() {
	}

	/** What the server asks. */
	enum Request {

		/**
		 * Claim, limits, declared inputs, the upload → handle, format, served file name,
		 * signature, notes, resident growth, the files the engine wrote.
		 */
		ADMIT,
		/** Format, served file name, files → handle, signature, resident growth. */
		LOAD,
		/** Handle, input → prediction. */
		PREDICT,
		/** Handle → nothing. */
		CLOSE

	}

	/** How a request ended; every status but OK carries an exception. */
	enum Status {

		OK, REJECTED, INVALID_INPUT, PREDICTION_FAILED, FAILED

	}

	/** Writes the exception an engine threw, with the status that says which it is. */
	static void writeFailure(DataOutput out, RuntimeException failure) throws IOException {
		switch (failure) {
			case ModelRejectedException rejected -> {
				out.writeByte(Status.REJECTED.ordinal());
				out.writeByte(rejected.kind().ordinal());
				out.writeByte(rejected.phase().ordinal());
				Codec.writeString(out, String.valueOf(rejected.getMessage()));
				Codec.writeNullableString(out, rejected.hint());
				Codec.writeStrings(out, rejected.offendingImports());
			}
			case InvalidInputException invalid -> {
				out.writeByte(Status.INVALID_INPUT.ordinal());
				out.writeInt(invalid.problems().size());
				for (InputProblem problem : invalid.problems()) {
					Codec.writeString(out, problem.pointer());
					Codec.writeString(out, problem.detail());
				}
			}
			case PredictionFailedException predictionFailed -> {
				out.writeByte(Status.PREDICTION_FAILED.ordinal());
				Codec.writeString(out, String.valueOf(predictionFailed.getMessage()));
			}
			default -> {
				out.writeByte(Status.FAILED.ordinal());
				Codec.writeString(out, failure.getClass().getSimpleName() + ": " + failure.getMessage());
			}
		}
	}

	/**
	 * Reads an exception written by {@link #writeFailure}, rebuilt so that the server
	 * answers exactly as it would for an engine in its own process.
	 */
	static RuntimeException readFailure(Status status, DataInput in) throws IOException {
		return switch (status) {
			case OK -> throw new IOException("OK is not a failure");
			case REJECTED -> {
				Kind kind = Codec.readEnum(in, Kind.values());
				Phase phase = Codec.readEnum(in, Phase.values());
				String reason = Codec.readString(in);
				String hint = Codec.readNullableString(in);
				var imports = Codec.readStrings(in);
				yield switch (kind) {
					case UNSAFE -> ModelRejectedException.unsafe(reason, imports, hint);
					case UNSUPPORTED -> ModelRejectedException.unsupported(phase, reason, hint);
					case INVALID -> ModelRejectedException.invalid(phase, reason, hint, null);
					case TOO_LARGE -> ModelRejectedException.tooLarge(phase, reason);
					case TIMED_OUT -> ModelRejectedException.timedOut(phase, reason);
				};
			}
			case INVALID_INPUT -> {
				int size = Codec.length(in, 1 << 20);
				var problems = new java.util.ArrayList<InputProblem>(size);
				for (int i = 0; i < size; i++) {
					problems.add(new InputProblem(Codec.readString(in), Codec.readString(in)));
				}
				yield new InvalidInputException(problems);
			}
			case PREDICTION_FAILED -> new PredictionFailedException(Codec.readString(in), null);
			case FAILED ->
				new IllegalStateException("The engine failed in its worker process: " + Codec.readString(in));
		};
	}

	/** Writes a file as its name, its length and its bytes. */
	static void writeFile(OutputStream stream, DataOutput out, String name, Path file) throws IOException {
		Codec.writeString(out, name);
		out.writeLong(Files.size(file));
		try (InputStream in = Files.newInputStream(file)) {
			in.transferTo(stream);
		}
	}

	/**
	 * Reads a file written by {@link #writeFile} into the directory, refusing any name
	 * that is not a plain file name.
	 * @return the file's name
	 */
	static String readFile(InputStream stream, DataInput in, Path directory) throws IOException {
		return readFile(stream, in, directory, Long.MAX_VALUE);
	}

	/**
	 * Reads a file as {@link #readFile(InputStream, DataInput, Path)} does, refusing one
	 * longer than {@code maxBytes} before writing a byte of it.
	 */
	static String readFile(InputStream stream, DataInput in, Path directory, long maxBytes) throws IOException {
		String name = Codec.readString(in);
		if (!plainName(name)) {
			throw new IOException("not a plain file name: '" + name + "'");
		}
		long remaining = in.readLong();
		if (remaining < 0 || remaining > maxBytes) {
			throw new IOException("file length out of range: " + remaining);
		}
		try (OutputStream out = Files.newOutputStream(directory.resolve(name))) {
			byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, remaining))];
			while (remaining > 0) {
				int read = stream.read(buffer, 0, (int) Math.min(buffer.length, remaining));
				if (read < 0) {
					throw new java.io.EOFException("file '" + name + "' cut short");
				}
				out.write(buffer, 0, read);
				remaining -= read;
			}
		}
		return name;
	}

	static boolean plainName(String name) {
		return !name.isEmpty() && name.length() <= 255 && !name.equals(".") && !name.equals("..") && !name.contains("/")
				&& !name.contains("\\") && name.indexOf('\0') < 0;
	}

}
