package io.modelhost.engine.keras;

/**
 * A name taken from a model file, made fit for a message: printable characters only and
 * bounded length. Layer names come from the uploader and end up in what a user sees.
 */
final class SafeName {

	private static final int MAX_LENGTH = 80;

	private SafeName() {
	}

	static String of(String name) {
		var text = new StringBuilder();
		name.codePoints()
			.limit(MAX_LENGTH)
			.forEach((c) -> text.appendCodePoint((c >= 0x20 && c != 0x7f && !Character.isISOControl(c)) ? c : '?'));
		return (name.codePointCount(0, name.length()) > MAX_LENGTH) ? text + "…" : text.toString();
	}

}
