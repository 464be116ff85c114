package io.modelhost.trainer;

import java.nio.file.Path;

/**
 * The model file a trainer wrote, for the registry to admit like an upload.
 *
 * @param file the file, inside the request's output directory
 * @param formatId the id of the engine format that serves it, e.g. {@code pmml} (served
 * by engine-jpmml) or {@code onnx}
 * @param mediaType its media type, e.g. {@code application/xml}
 */
public record ModelArtifact(Path file, String formatId, String mediaType) {

}
