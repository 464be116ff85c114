package io.modelhost.protocols.oip;

import java.util.regex.Pattern;

import io.modelhost.protocols.web.MalformedBodyException;
import org.jspecify.annotations.Nullable;

/**
 * An inference request's HTTP body as Triton's binary tensor data extension frames it:
 * the JSON inference header, {@value #HEADER_LENGTH} bytes long, then the binary data of
 * the inputs that carry {@code binary_data_size}, in the order of the header's inputs.
 * Without that HTTP header the whole body is the JSON header (as Triton reads it), so a
 * plain JSON request is the same thing with no binary data.
 */
final class InferenceBody {

	/** The HTTP header giving the JSON header's length in bytes. */
	static final String HEADER_LENGTH = "Inference-Header-Content-Length";

	/** A length in decimal digits, as the clients send it; at most what an int holds. */
	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

	private final byte[] bytes;

	/**
	 * Bytes {@code [0, headerLength)} are the JSON header; 0 < headerLength <= length.
	 */
	private final int headerLength;

	private InferenceBody(byte[] bytes, int headerLength) {
		this.bytes = bytes;
		this.headerLength = headerLength;
	}

	/**
	 * Frames a body.
	 * @param bytes the whole HTTP body
	 * @param headerLength the value of {@value #HEADER_LENGTH}, or null if not sent
	 * @throws MalformedBodyException if the length is not a number of bytes within the
	 * body
	 */
	static InferenceBody of(byte[] bytes, @Nullable String headerLength) {
		if (headerLength == null) {
			return new InferenceBody(bytes, bytes.length);
		}
		String value = headerLength.strip();
		if (!DIGITS.matcher(value).matches()) {
			throw new MalformedBodyException(HEADER_LENGTH + " must be the length of the JSON inference header in "
					+ "bytes, a whole number, but is '" + quote(value) + "'");
		}
		long length = Long.parseLong(value);
		if (length == 0) {
			throw new MalformedBodyException(HEADER_LENGTH + " is 0: requests of raw binary data without a JSON "
					+ "inference header are not supported; send the header first and give its length");
		}
		if (length > bytes.length) {
			throw new MalformedBodyException(
					HEADER_LENGTH + " is " + length + " but the body has only " + bytes.length + " bytes");
		}
		return new InferenceBody(bytes, (int) length);
	}

	/** The whole body. */
	byte[] bytes() {
		return this.bytes;
	}

	/** The length of the JSON header at the start of {@link #bytes()}. */
	int headerLength() {
		return this.headerLength;
	}

	/** The binary data after the JSON header, for the inputs to take in order. */
	BinaryData binary() {
		return new BinaryData(this.bytes, this.headerLength);
	}

	/** A header value as it may be shown: printable and short. */
	private static String quote(String value) {
		String shown = value.replaceAll("[^\\x20-\\x7e]", "?");
		return (shown.length() > 40) ? shown.substring(0, 40) + "..." : shown;
	}

}
