package io.modelhost.protocols.oip;

import java.util.List;

/**
 * Model metadata ({@code $metadata_model_response}).
 *
 * @param name the model as the request named it
 * @param versions the versions that may be requested: the one served
 * @param platform the framework, as {@code <project>_<format>}
 * @param inputs the tensors the model takes
 * @param outputs the tensors it gives
 */
record ModelMetadataResponse(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
		List<TensorMetadata> outputs) {

}
