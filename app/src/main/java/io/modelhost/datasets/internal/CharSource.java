package io.modelhost.datasets.internal;

import java.io.IOException;

/** Characters, one at a time. */
@FunctionalInterface
interface CharSource {

	/**
	 * The next character, or -1 at the end.
	 * @throws java.nio.charset.CharacterCodingException where the bytes are not text
	 */
	int read() throws IOException;

	/** The characters of a string. */
	static CharSource of(CharSequence text) {
		int[] next = { 0 };
		return () -> (next[0] < text.length()) ? text.charAt(next[0]++) : -1;
	}

}
