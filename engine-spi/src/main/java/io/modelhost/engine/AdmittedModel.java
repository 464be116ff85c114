package io.modelhost.engine;

import java.util.List;

/**
 * The result of admitting an upload: the model is safe, converted where needed, loaded
 * and ready to serve.
 *
 * @param format the format admitted
 * @param servedFile name of the file inside the work directory that
 * {@link ModelEngine#load} must be given later (the upload itself or a file the engine
 * derived from it, such as converted PMML)
 * @param model the loaded model; the caller owns it and must close it
 * @param notes facts worth showing the uploader, e.g. {@code "converted to PMML"}
 */
public record AdmittedModel(ModelFormat format, String servedFile, LoadedModel model, List<String> notes) {

	public AdmittedModel {
		if (servedFile.isBlank() || servedFile.contains("/") || servedFile.contains("\\")) {
			throw new IllegalArgumentException("servedFile must be a plain file name but was '" + servedFile + "'");
		}
		notes = List.copyOf(notes);
	}

}
