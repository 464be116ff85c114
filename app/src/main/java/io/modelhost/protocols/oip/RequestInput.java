package io.modelhost.protocols.oip;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One tensor of an inference request, as sent.
 *
 * @param index its position in {@code inputs}
 * @param name the tensor's name
 * @param shape its dimensions, each >= 0
 * @param datatype its datatype as sent, e.g. {@code FP32}
 * @param data its elements, flat or nested, row-major
 */
record RequestInput(int index, String name, List<Long> shape, String datatype, JsonNode data) {

	/** JSON Pointer to a member of this input in the request body. */
	String pointer(String member) {
		return "/inputs/" + this.index + "/" + member;
	}

	/** JSON Pointer to the element at a flat (row-major) index in {@code data}. */
	String elementPointer(int flatIndex) {
		return pointer("data") + TensorData.pathOf(this.data, flatIndex);
	}

	/** The number of elements the shape holds. */
	long elementCount() {
		long count = 1;
		for (long dimension : this.shape) {
			count = Math.multiplyExact(count, dimension);
		}
		return count;
	}

}
