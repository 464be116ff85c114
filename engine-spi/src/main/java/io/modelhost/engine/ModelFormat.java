package io.modelhost.engine;

import java.util.regex.Pattern;

/**
 * A model file format, such as a scikit-learn pickle or an ONNX graph. A value, not an
 * enum: engines bring their own formats.
 *
 * @param id stable lower-case identifier used in the API, e.g. {@code sklearn}
 * @param displayName what a person calls it, e.g. {@code scikit-learn pickle/joblib}
 */
public record ModelFormat(String id, String displayName) {

	private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	public ModelFormat {
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException("id must match " + ID + " but was '" + id + "'");
		}
		if (displayName.isBlank()) {
			throw new IllegalArgumentException("displayName must not be blank");
		}
	}

}
