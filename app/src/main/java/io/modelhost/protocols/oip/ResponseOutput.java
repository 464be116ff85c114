package io.modelhost.protocols.oip;

import java.util.List;

/**
 * An output tensor of an inference response ({@code $response_output}).
 *
 * @param name the output's name
 * @param shape its dimensions, the batch first
 * @param datatype its datatype, e.g. {@code FP32}
 * @param data its elements, flat, row-major: a primitive array or a list
 */
record ResponseOutput(String name, List<Long> shape, String datatype, Object data) {

}
