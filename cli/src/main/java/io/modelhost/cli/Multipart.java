package io.modelhost.cli;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A multipart/form-data body: text fields and files, streamed from disk with its length
 * known up front, reporting the bytes sent.
 */
final class Multipart {

	private final String boundary;

	private final List<Part> parts = new ArrayList<>();

	Multipart() {
		byte[] random = new byte[12];
		new SecureRandom().nextBytes(random);
		this.boundary = "modelhost-" + HexFormat.of().formatHex(random);
	}

	private sealed interface Part permits Field, FilePart {

	}

	private record Field(String name, String value) implements Part {
	}

	private record FilePart(String name, Path file, String contentType) implements Part {
	}

	Multipart field(String name, String value) {
		this.parts.add(new Field(name, value));
		return this;
	}

	Multipart file(String name, Path file, String contentType) {
		this.parts.add(new FilePart(name, file, contentType));
		return this;
	}

	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	/** The body, calling {@code sent} with the bytes sent so far as it is read. */
	HttpRequest.BodyPublisher publisher(LongConsumer sent) {
		long length = length();
		return HttpRequest.BodyPublishers
			.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new Counting(stream(), sent)), length);
	}

	long length() {
		long length = 0;
		for (Part part : this.parts) {
			length += head(part).length + 2;
			length += switch (part) {
				case Field field -> field.value().getBytes(StandardCharsets.UTF_8).length;
				case FilePart file -> size(file.file());
			};
		}
		return length + tail().length;
	}

	private InputStream stream() {
		List<InputStream> streams = new ArrayList<>();
		for (Part part : this.parts) {
			streams.add(new ByteArrayInputStream(head(part)));
			switch (part) {
				case Field field ->
					streams.add(new ByteArrayInputStream(field.value().getBytes(StandardCharsets.UTF_8)));
				case FilePart file -> streams.add(open(file.file()));
			}
			streams.add(new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)));
		}
		streams.add(new ByteArrayInputStream(tail()));
		return new java.io.SequenceInputStream(Collections.enumeration(streams));
	}

	private byte[] head(Part part) {
		String disposition = switch (part) {
			case Field field -> "Content-Disposition: form-data; name=\"" + escape(field.name()) + "\"\r\n";
			case FilePart file -> "Content-Disposition: form-data; name=\"" + escape(file.name()) + "\"; filename=\""
					+ escape(file.file().getFileName().toString()) + "\"\r\nContent-Type: " + file.contentType()
					+ "\r\n";
		};
		return ("--" + this.boundary + "\r\n" + disposition + "\r\n").getBytes(StandardCharsets.UTF_8);
	}

	private byte[] tail() {
		return ("--" + this.boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream open(Path file) {
		try {
			return Files.newInputStream(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Counts the bytes read from the body as the client sends them. */
	private static final class Counting extends FilterInputStream {

		private final LongConsumer sent;

		private long count;

		Counting(InputStream in, LongConsumer sent) {
			super(in);
			this.sent = sent;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.sent.accept(++this.count);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.count += n;
				this.sent.accept(this.count);
			}
			return n;
		}

	}

}
