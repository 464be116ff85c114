package io.modelhost.registry;

/**
 * The result of an upload.
 *
 * @param model the model, as it is now
 * @param version the version the upload created
 * @param newModel whether the upload created the model (rather than a new version of an
 * existing one)
 */
public record Uploaded(Model model, ModelVersion version, boolean newModel) {

}
