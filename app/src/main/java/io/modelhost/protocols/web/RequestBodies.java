package io.modelhost.protocols.web;

import java.io.IOException;
import java.io.InputStream;

import io.modelhost.serving.ServingProperties;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads prediction request bodies within the serving limit
 * ({@code modelhost.serving.max-request-size}), the same limit as the platform's own
 * prediction endpoint.
 */
@Component
public class RequestBodies {

	private final long limit;

	/** Reads NaN and Infinity, so that decoders refuse them with a precise message. */
	private final JsonMapper json;

	RequestBodies(ServingProperties properties, JsonMapper json) {
		this.limit = properties.maxRequestSize().toBytes();
		this.json = json.rebuild().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
	}

	/**
	 * The body's bytes.
	 * @throws BodyTooLargeException if the body is over the limit
	 */
	public byte[] bytes(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.limit) {
			throw new BodyTooLargeException(this.limit);
		}
		try (InputStream in = request.getInputStream()) {
			// with a declared length, read exactly that (and one byte more to catch a
			// liar):
			// reading up to the limit would allocate a limit-sized buffer per request
			long declared = request.getContentLengthLong();
			long wanted = (declared >= 0) ? declared + 1 : this.limit + 1;
			byte[] bytes = in.readNBytes((int) Math.min(wanted, Integer.MAX_VALUE - 8));
			if (bytes.length > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
			return bytes;
		}
	}

	/**
	 * The body as JSON.
	 * @throws BodyTooLargeException if the body is over the limit
	 * @throws MalformedBodyException if it is not JSON
	 */
	public JsonNode json(HttpServletRequest request) throws IOException {
		return json(bytes(request));
	}

	/**
	 * Bytes as JSON.
	 * @throws MalformedBodyException if they are not JSON
	 */
	public JsonNode json(byte[] bytes) {
		return json(bytes, bytes.length);
	}

	/**
	 * The first {@code length} bytes as JSON, for a body whose JSON is followed by other
	 * data.
	 * @throws MalformedBodyException if they are not JSON
	 */
	public JsonNode json(byte[] bytes, int length) {
		if (length == 0) {
			throw new MalformedBodyException("the request body is empty; send a JSON object");
		}
		try {
			return this.json.readTree(bytes, 0, length);
		}
		catch (JacksonException ex) {
			throw new MalformedBodyException("the request body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

}
