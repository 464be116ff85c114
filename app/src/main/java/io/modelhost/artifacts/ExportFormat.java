package io.modelhost.artifacts;

import java.util.Locale;

import io.modelhost.web.InvalidParameterException;

/** What a version is exported as. */
public enum ExportFormat {

	/** The file as it was uploaded, byte for byte. */
	ORIGINAL,

	/**
	 * PMML: what a scikit-learn pickle was converted to and is served from, or a PMML
	 * upload.
	 */
	PMML,

	/** ONNX: an ONNX upload, or a model trained here from pictures. */
	ONNX;

	/**
	 * The format a query names.
	 * @throws InvalidParameterException for a name that is none
	 */
	public static ExportFormat parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException("format", "format must be original, pmml or onnx, not '" + name + "'");
		}
	}

	/** Its name in the API. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
