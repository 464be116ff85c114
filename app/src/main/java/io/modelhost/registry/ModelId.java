package io.modelhost.registry;

import java.util.regex.Pattern;

/**
 * A model's identity, part of its endpoint URL.
 *
 * @param value a UUID string
 */
public record ModelId(String value) {

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	public ModelId {
		if (!UUID.matcher(value).matches()) {
			throw new IllegalArgumentException("a model id is a lower-case UUID but was '" + value + "'");
		}
	}

	/**
	 * The model id in a path segment.
	 * @throws ModelNotFoundException if the text cannot be a model id: it names no model
	 */
	public static ModelId parse(String value) {
		if (!UUID.matcher(value).matches()) {
			throw new ModelNotFoundException();
		}
		return new ModelId(value);
	}

	/** Whether the text has the form of a model id. */
	public static boolean isUuid(String value) {
		return UUID.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
