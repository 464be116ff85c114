package io.modelhost.protocols;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An inference request body built byte for byte as tritonclient.http builds it
 * ({@code _utils._get_inference_request}): Python's {@code json.dumps} of the header
 * ({@code ", "} and {@code ": "} between members, members in the client's order:
 * {@code id}, {@code inputs}, {@code outputs}, {@code parameters}), then the binary data
 * of each input set with {@code set_data_from_numpy(..., binary_data=True)} (numpy's
 * {@code tobytes()}: little-endian on x86; BYTES as {@code serialize_byte_tensor}).
 * Without requested outputs the client asks for all as binary data
 * ({@code binary_data_output}).
 */
final class TritonRequest {

	private @Nullable String id;

	private final List<Map<String, Object>> inputs = new ArrayList<>();

	private final List<Map<String, Object>> outputs = new ArrayList<>();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	TritonRequest id(String id) {
		this.id = id;
		return this;
	}

	/** An input sent as binary data ({@code binary_data=True}, the client's default). */
	TritonRequest binaryInput(String name, List<Integer> shape, String datatype, byte[] bytes) {
		var input = new LinkedHashMap<String, Object>();
		input.put("name", name);
		input.put("shape", shape);
		input.put("datatype", datatype);
		input.put("parameters", Map.of("binary_data_size", bytes.length));
		this.inputs.add(input);
		this.binary.writeBytes(bytes);
		return this;
	}

	/** An input sent as JSON ({@code binary_data=False}). */
	TritonRequest jsonInput(String name, List<Integer> shape, String datatype, List<?> data) {
		var input = new LinkedHashMap<String, Object>();
		input.put("name", name);
		input.put("shape", shape);
		input.put("datatype", datatype);
		input.put("data", data);
		this.inputs.add(input);
		return this;
	}

	/** {@code InferRequestedOutput(name, binary_data=binary)}. */
	TritonRequest output(String name, boolean binary) {
		var output = new LinkedHashMap<String, Object>();
		output.put("name", name);
		output.put("parameters", Map.of("binary_data", binary));
		this.outputs.add(output);
		return this;
	}

	/** The JSON header, as {@code json.dumps} writes it. */
	String header() {
		var request = new LinkedHashMap<String, Object>();
		if (this.id != null) {
			request.put("id", this.id);
		}
		request.put("inputs", this.inputs);
		if (!this.outputs.isEmpty()) {
			request.put("outputs", this.outputs);
		}
		else {
			request.put("parameters", Map.of("binary_data_output", true));
		}
		return dumps(request);
	}

	/** What the client sends as {@code Inference-Header-Content-Length}. */
	int headerLength() {
		return header().getBytes(StandardCharsets.UTF_8).length;
	}

	/** The whole body: the header, then the inputs' binary data. */
	byte[] body() {
		var body = new ByteArrayOutputStream();
		body.writeBytes(header().getBytes(StandardCharsets.UTF_8));
		body.writeBytes(this.binary.toByteArray());
		return body.toByteArray();
	}

	private static String dumps(@Nullable Object value) {
		return switch (value) {
			case null -> "null";
			case Map<?, ?> map -> {
				var members = new ArrayList<String>();
				map.forEach((key, member) -> members.add(dumps(key) + ": " + dumps(member)));
				yield "{" + String.join(", ", members) + "}";
			}
			case List<?> list -> "[" + String.join(", ", list.stream().map(TritonRequest::dumps).toList()) + "]";
			case String text -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
			default -> value.toString();
		};
	}

	static byte[] fp32(float... values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : values) {
			buffer.putFloat(value);
		}
		return buffer.array();
	}

	static byte[] fp64(double... values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (double value : values) {
			buffer.putDouble(value);
		}
		return buffer.array();
	}

	/** {@code serialize_byte_tensor}: each element's length (4 bytes) then its bytes. */
	static byte[] bytes(String... values) {
		var out = new ByteArrayOutputStream();
		for (String value : values) {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
			out.writeBytes(utf8);
		}
		return out.toByteArray();
	}

}
