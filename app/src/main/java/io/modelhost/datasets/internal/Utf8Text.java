package io.modelhost.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a UTF-8 byte stream, one at a time. Unlike a {@code Reader}, which
 * decodes ahead and fails on a whole buffer, this hands out every character before a
 * malformed byte and fails only when the reader reaches it, so the reader knows the line
 * the bad byte is on. Not thread-safe.
 */
final class Utf8Text implements CharSource {

	private static final int BUFFER = 8192;

	private final InputStream in;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	/** Bytes read but not decoded yet; in write mode between calls. */
	private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);

	/** Characters decoded but not handed out; in read mode between calls. */
	private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();

	private boolean endOfInput;

	private boolean flushed;

	/** Whether the decoder stopped at a malformed byte, after {@link #chars}. */
	private boolean malformed;

	Utf8Text(InputStream in) {
		this.in = in;
	}

	@Override
	public int read() throws IOException {
		if (!this.chars.hasRemaining()) {
			fill();
		}
		if (this.chars.hasRemaining()) {
			return this.chars.get();
		}
		if (this.malformed) {
			throw new CharacterCodingException();
		}
		return -1;
	}

	private void fill() throws IOException {
		this.chars.clear();
		while (this.chars.position() == 0 && !this.malformed && !this.flushed) {
			if (!this.endOfInput && this.bytes.hasRemaining()) {
				int read = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
				if (read < 0) {
					this.endOfInput = true;
				}
				else {
					this.bytes.position(this.bytes.position() + read);
				}
			}
			this.bytes.flip();
			if (this.decoder.decode(this.bytes, this.chars, this.endOfInput).isError()) {
				this.malformed = true;
			}
			else if (this.endOfInput && !this.bytes.hasRemaining()) {
				this.decoder.flush(this.chars);
				this.flushed = true;
			}
			this.bytes.compact();
		}
		this.chars.flip();
	}

}
