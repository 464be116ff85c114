package io.modelhost.engine.jpmml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once more than a limit have been read, so
 * that a decompression bomb stops at the limit instead of filling memory or disk.
 */
final class BoundedInputStream extends FilterInputStream {

	private final long limit;

	private long count;

	BoundedInputStream(InputStream in, long limit) {
		super(in);
		this.limit = limit;
	}

	/** Bytes read so far. */
	long count() {
		return this.count;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			advance(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			advance(n);
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = super.skip(n);
		if (skipped > 0) {
			advance(skipped);
		}
		return skipped;
	}

	private void advance(long n) throws LimitExceededException {
		this.count += n;
		if (this.count > this.limit) {
			throw new LimitExceededException(this.limit);
		}
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	/** Thrown when more than the limit would be read. */
	static final class LimitExceededException extends IOException {

		private final long limit;

		LimitExceededException(long limit) {
			super("more than " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return this.limit;
		}

	}

}
