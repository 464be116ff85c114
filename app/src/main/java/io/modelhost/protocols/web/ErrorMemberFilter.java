package io.modelhost.protocols.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives the standard protocols' clients the {@code "error"} member they read in every
 * error answer on {@code /v2} and {@code /v1}: answers made before a protocol's own code
 * runs (401 and 403 from authentication, 429 from quotas, 404 and 405 for paths and
 * methods that do not exist, the container's error page) are the API's RFC 9457 problems;
 * here they keep their members, gain {@code "error": "<detail>"}, and are sent as
 * {@code application/json} (KServe's client reads {@code error} only from that content
 * type; tritonclient parses any JSON). Only a problem answer is held in memory; every
 * other answer streams through untouched. Runs before the security filters, so their
 * answers pass through it. Stateless and thread-safe.
 */
class ErrorMemberFilter extends OncePerRequestFilter {

	private final JsonMapper json;

	ErrorMemberFilter(JsonMapper json) {
		this.json = json;
	}

	/** Whether the path is one of the standard protocols that read {@code "error"}. */
	static boolean protocolPath(String path) {
		return path.equals("/v2") || path.startsWith("/v2/") || path.startsWith("/v1/");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (original instanceof String uri) ? uri : request.getRequestURI();
		return !protocolPath(path.substring(Math.min(request.getContextPath().length(), path.length())));
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var capture = new ProblemCapture(response);
		try {
			chain.doFilter(request, capture);
		}
		finally {
			capture.finish();
		}
	}

	/**
	 * The problem with an {@code error} member, or the bytes as they were if not JSON.
	 */
	private byte[] withErrorMember(byte[] body, int status) {
		JsonNode problem;
		try {
			problem = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return body;
		}
		if (problem instanceof ObjectNode object && !object.has("error")) {
			object.put("error", message(object, status));
			return this.json.writeValueAsBytes(object);
		}
		return body;
	}

	private static String message(ObjectNode problem, int status) {
		for (String member : new String[] { "detail", "title" }) {
			JsonNode text = problem.get(member);
			if (text != null && text.isString() && !text.asString().isBlank()) {
				return text.asString();
			}
		}
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "HTTP " + status;
	}

	private static boolean isProblem(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Holds the body of an error answer written as a problem; passes everything else
	 * through. The decision is taken when the body is first asked for, by which time the
	 * status and content type are set.
	 */
	private final class ProblemCapture extends HttpServletResponseWrapper {

		private @Nullable ByteArrayOutputStream held;

		private @Nullable ServletOutputStream stream;

		private @Nullable PrintWriter writer;

		ProblemCapture(HttpServletResponse response) {
			super(response);
		}

		private boolean holding() {
			if (this.held == null && getStatus() >= 400 && isProblem(getContentType())) {
				this.held = new ByteArrayOutputStream();
			}
			return this.held != null;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (!holding()) {
				return super.getOutputStream();
			}
			if (this.stream == null) {
				ByteArrayOutputStream target = this.held;
				this.stream = new ServletOutputStream() {

					@Override
					public void write(int b) {
						target.write(b);
					}

					@Override
					public void write(byte[] b, int off, int len) {
						target.write(b, off, len);
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						throw new UnsupportedOperationException("held problem bodies are written synchronously");
					}

				};
			}
			return this.stream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (!holding()) {
				return super.getWriter();
			}
			if (this.writer == null) {
				this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
			}
			return this.writer;
		}

		@Override
		public void setContentLength(int length) {
			if (this.held == null) {
				super.setContentLength(length);
			}
		}

		@Override
		public void setContentLengthLong(long length) {
			if (this.held == null) {
				super.setContentLengthLong(length);
			}
		}

		@Override
		public void setHeader(String name, @Nullable String value) {
			if (this.held == null || !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, @Nullable String value) {
			if (this.held == null || !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				super.addHeader(name, value);
			}
		}

		@Override
		public void flushBuffer() throws IOException {
			if (this.held == null) {
				super.flushBuffer();
			}
		}

		/** Writes a held problem out, with its {@code error} member. */
		void finish() throws IOException {
			if (this.held == null) {
				return;
			}
			if (this.writer != null) {
				this.writer.flush();
			}
			byte[] body = withErrorMember(this.held.toByteArray(), getStatus());
			HttpServletResponse response = (HttpServletResponse) getResponse();
			// exactly application/json, as KServe's client compares it: JSON is UTF-8
			// without saying so
			response.setCharacterEncoding((String) null);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.flushBuffer();
		}

	}

}
