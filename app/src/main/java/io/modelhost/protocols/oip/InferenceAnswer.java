package io.modelhost.protocols.oip;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.DataType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer to an inference request: JSON, or, when the request asks for outputs as
 * binary data ({@code binary_data_output} on the request, {@code binary_data} on an
 * output), the JSON header with {@code binary_data_size} for each such output, followed
 * by their bytes in the header's order, as Triton answers:
 * {@code application/octet-stream} with {@value InferenceBody#HEADER_LENGTH}. An output
 * with a missing value (a tabular row without a label) has no binary form and stays in
 * the header's {@code data}.
 */
final class InferenceAnswer {

	private InferenceAnswer() {
	}

	static ResponseEntity<Object> of(InferenceResponse response, InferenceRequest request, JsonMapper json) {
		var outputs = new ArrayList<ResponseOutput>(response.outputs().size());
		var binary = new ByteArrayOutputStream();
		boolean anyBinary = false;
		for (ResponseOutput output : response.outputs()) {
			byte[] bytes = (request.binary(output.name()) && output.data() != null)
					? BinaryTensorData.write(DataType.valueOf(output.datatype()), output.data()) : null;
			if (bytes == null) {
				outputs.add(output);
				continue;
			}
			anyBinary = true;
			outputs.add(output.binary(bytes.length));
			binary.writeBytes(bytes);
		}
		if (!anyBinary) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response);
		}
		byte[] header = json.writeValueAsBytes(new InferenceResponse(response.modelName(), response.modelVersion(),
				response.id(), List.copyOf(outputs)));
		byte[] body = new byte[header.length + binary.size()];
		System.arraycopy(header, 0, body, 0, header.length);
		System.arraycopy(binary.toByteArray(), 0, body, header.length, binary.size());
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(InferenceBody.HEADER_LENGTH, String.valueOf(header.length))
			.body(body);
	}

}
