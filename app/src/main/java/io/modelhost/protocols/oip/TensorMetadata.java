package io.modelhost.protocols.oip;

import java.util.List;

/**
 * A tensor in model metadata ({@code $metadata_tensor}).
 *
 * @param name the tensor's name
 * @param datatype its datatype, e.g. {@code FP32}
 * @param shape its dimensions, -1 where any size is allowed
 */
record TensorMetadata(String name, String datatype, List<Long> shape) {

}
