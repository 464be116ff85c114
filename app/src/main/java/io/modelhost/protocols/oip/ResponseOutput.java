package io.modelhost.protocols.oip;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An output tensor of an inference response ({@code $response_output}).
 *
 * @param name the output's name
 * @param shape its dimensions, the batch first
 * @param datatype its datatype, e.g. {@code FP32}
 * @param data its elements, flat, row-major: a primitive array or a list; null when they
 * follow the JSON header as binary data
 * @param parameters {@code binary_data_size} when the elements are binary data, else null
 */
record ResponseOutput(String name, List<Long> shape, String datatype, @Nullable Object data,
		@Nullable Map<String, Object> parameters) {

	ResponseOutput(String name, List<Long> shape, String datatype, Object data) {
		this(name, shape, datatype, data, null);
	}

	/** This output with its elements sent as {@code size} bytes of binary data. */
	ResponseOutput binary(long size) {
		return new ResponseOutput(this.name, this.shape, this.datatype, null, Map.of("binary_data_size", size));
	}

}
