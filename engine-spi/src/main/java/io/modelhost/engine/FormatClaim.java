package io.modelhost.engine;

/**
 * An engine's claim that it recognises a file.
 *
 * @param format the format recognised
 * @param confidence 1..100; when several engines claim a file the highest wins, so a
 * structural check (a parsed header) should claim more than a magic-number match
 * @param detail what was recognised, in words a user understands, e.g.
 * {@code "joblib file, zlib-compressed"}
 */
public record FormatClaim(ModelFormat format, int confidence, String detail) {

	public FormatClaim {
		if (confidence < 1 || confidence > 100) {
			throw new IllegalArgumentException("confidence must be in 1..100 but was " + confidence);
		}
	}

}
