package io.modelhost.engine.keras;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;

/**
 * HDF5's deflate filter (id 1) that stops inflating a chunk past a fixed size. jhdf's own
 * inflates until the stream ends, so a few kilobytes of crafted chunk could fill the
 * heap; a chunk a reader accepts is never larger than {@link KerasFile#MAX_CHUNK_BYTES}.
 * Stateless and thread-safe (jhdf decodes chunks in parallel).
 */
final class BoundedDeflate implements Filter {

	/** HDF5's id of the deflate filter. */
	static final int ID = 1;

	private static final int BUFFER = 8192;

	private final int limit;

	BoundedDeflate(int limit) {
		this.limit = limit;
	}

	@Override
	public int getId() {
		return ID;
	}

	@Override
	public String getName() {
		return "deflate";
	}

	@Override
	public byte[] decode(byte[] encoded, int[] filterData) {
		var inflater = new Inflater();
		try {
			inflater.setInput(encoded);
			var out = new ByteArrayOutputStream(Math.min(this.limit, Math.max(BUFFER, encoded.length * 4)));
			byte[] buffer = new byte[BUFFER];
			while (!inflater.finished()) {
				int inflated = inflater.inflate(buffer);
				if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new HdfFilterException("The deflate stream of a chunk ends early");
				}
				if (out.size() + (long) inflated > this.limit) {
					throw new ChunkTooLargeException(this.limit);
				}
				out.write(buffer, 0, inflated);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new HdfFilterException("A chunk is not a valid deflate stream", ex);
		}
		finally {
			inflater.end();
		}
	}

	/** A chunk inflates past the limit. */
	static final class ChunkTooLargeException extends HdfFilterException {

		private final int limit;

		ChunkTooLargeException(int limit) {
			super("a chunk inflates to more than " + limit + " bytes");
			this.limit = limit;
		}

		int limit() {
			return this.limit;
		}

	}

}
