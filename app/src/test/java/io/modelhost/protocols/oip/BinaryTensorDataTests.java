package io.modelhost.protocols.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.protocols.web.MalformedBodyException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BinaryTensorDataTests {

	@Test
	void readsEachDatatypeLittleEndian() {
		assertThat(read(DataType.INT8, 2, new byte[] { -1, 5 }).toString()).isEqualTo("[-1,5]");
		assertThat(read(DataType.UINT8, 2, new byte[] { -1, 5 }).toString()).isEqualTo("[255,5]");
		assertThat(read(DataType.INT16, 1, new byte[] { 1, 2 }).toString()).isEqualTo("[513]");
		assertThat(read(DataType.INT32, 1, new byte[] { 0, 0, 0, -128 }).toString()).isEqualTo("[-2147483648]");
		assertThat(read(DataType.INT64, 1, new byte[] { 1, 0, 0, 0, 0, 0, 0, 1 }).toString())
			.isEqualTo("[72057594037927937]");
		assertThat(read(DataType.FP32, 1, new byte[] { 0, 0, -128, 63 }).toString()).isEqualTo("[1.0]");
		assertThat(read(DataType.FP64, 1, new byte[] { 0, 0, 0, 0, 0, 0, -8, -65 }).toString()).isEqualTo("[-1.5]");
		assertThat(read(DataType.BOOL, 3, new byte[] { 1, 0, 1 }).toString()).isEqualTo("[true,false,true]");
		assertThat(read(DataType.BYTES, 2, new byte[] { 2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0 }).toString())
			.isEqualTo("[\"hi\",\"\"]");
	}

	@Test
	void writesWhatItReads() {
		for (DataType type : DataType.values()) {
			byte[] bytes = (type == DataType.BYTES) ? new byte[] { 1, 0, 0, 0, 'a', 3, 0, 0, 0, 'x', 'y', 'z' }
					: new byte[2 * BinaryTensorData.width(type)];
			if (type == DataType.BOOL) {
				bytes[0] = 1;
			}
			else if (type != DataType.BYTES) {
				bytes[1] = 7;
			}
			ArrayNode elements = read(type, 2, bytes);
			Object data = TensorData.json(new io.modelhost.engine.Tensor(type, List.of(2L),
					TensorData.array(type, TensorData.elements(elements))));
			assertThat(BinaryTensorData.write(type, data)).as(type.name()).isEqualTo(bytes);
		}
	}

	@Test
	void writesNoBinaryDataForAMissingValue() {
		assertThat(BinaryTensorData.write(DataType.INT64, java.util.Arrays.asList(1L, null))).isNull();
		assertThat(BinaryTensorData.write(DataType.BYTES, java.util.Arrays.asList("a", null))).isNull();
		assertThat(BinaryTensorData.write(DataType.INT64, List.of(1L, 2L))).hasSize(16);
	}

	@Test
	void pointsAtTheSizeOrTheElementThatDoesNotFit() {
		assertThat(problems(DataType.FP32, 2, new byte[7])).containsExactly(
				"/inputs/0/parameters/binary_data_size: shape [2] of FP32 takes 8 bytes (2 elements of 4) but "
						+ "binary_data_size is 7");
		assertThat(problems(DataType.BOOL, 2, new byte[] { 0, 2 }))
			.containsExactly("/inputs/0/data/1: expected the byte 0 or 1 (BOOL) but got 2");
		assertThat(problems(DataType.BYTES, 2, new byte[] { 1, 0, 0, 0, 'a' }))
			.containsExactly("/inputs/0/parameters/binary_data_size: shape [2] holds 2 BYTES elements but the "
					+ "binary data has 1");
		assertThat(problems(DataType.BYTES, 1, new byte[] { 1, 0, 0, 0, 'a', 0 })).containsExactly(
				"/inputs/0/parameters/binary_data_size: shape [1] holds 1 BYTES elements but the binary data has "
						+ "1 bytes after them");
		assertThat(problems(DataType.BYTES, 1, new byte[] { 1, 0, 0 }))
			.containsExactly("/inputs/0/data/0: BYTES element 0 is cut short: its 4-byte length has only 3 bytes "
					+ "left in binary_data_size");
		assertThat(problems(DataType.BYTES, 1, new byte[] { 1, 0, 0, 0, (byte) 0xff }))
			.containsExactly("/inputs/0/data/0: expected UTF-8 text (BYTES) but the bytes are not UTF-8");
	}

	@Test
	void framesTheBodyByTheHeaderLength() {
		byte[] body = "{\"inputs\": []}\u0001\u0002".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		InferenceBody framed = InferenceBody.of(body, " 14 ");
		assertThat(framed.headerLength()).isEqualTo(14);
		assertThat(framed.binary().size()).isEqualTo(2);
		assertThat(InferenceBody.of(body, null).headerLength()).isEqualTo(body.length);
		for (String bad : List.of("", "x", "1.5", "-1", "0", "17", "99999999999", "+3")) {
			assertThatExceptionOfType(MalformedBodyException.class).as(bad)
				.isThrownBy(() -> InferenceBody.of(body, bad))
				.withMessageContaining("Inference-Header-Content-Length");
		}
	}

	@Test
	void readsBinaryInputsInTheOrderOfTheHeader() {
		var json = tools.jackson.databind.json.JsonMapper.builder().build();
		String header = """
				{"inputs": [
				  {"name": "a", "shape": [2], "datatype": "INT32", "parameters": {"binary_data_size": 8}},
				  {"name": "b", "shape": [1], "datatype": "BOOL", "data": [true]},
				  {"name": "c", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": 6}}],
				 "parameters": {"binary_data_output": true},
				 "outputs": [{"name": "x", "parameters": {"binary_data": false}}, {"name": "y"}]}""";
		ByteBuffer binary = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(-4).putInt(2);
		binary.put((byte) 'o').put((byte) 'k');
		byte[] body = new byte[header.length() + 14];
		System.arraycopy(header.getBytes(), 0, body, 0, header.length());
		System.arraycopy(binary.array(), 0, body, header.length(), 14);
		InferenceBody framed = InferenceBody.of(body, String.valueOf(header.length()));
		InferenceRequest request = InferenceRequest.parse(json.readTree(header), framed.binary());
		assertThat(request.inputs()).extracting((input) -> input.data().toString())
			.containsExactly("[3,-4]", "[true]", "[\"ok\"]");
		assertThat(request.binary("x")).isFalse();
		assertThat(request.binary("y")).isTrue();
		assertThat(request.binary("z")).isTrue();
		assertThat(InferenceRequest
			.parse(json.readTree(
					"{\"inputs\": [{\"name\": \"b\", \"shape\": [1], " + "\"datatype\": \"BOOL\", \"data\": [true]}]}"))
			.binary("x")).isFalse();
	}

	private static ArrayNode read(DataType type, long count, byte[] bytes) {
		var problems = new InputProblems();
		ArrayNode elements = BinaryTensorData.read(type, List.of(count), wrap(bytes), "/inputs/0", problems);
		problems.throwIfAny();
		assertThat(elements).isNotNull();
		return elements;
	}

	private static List<String> problems(DataType type, long count, byte[] bytes) {
		var problems = new InputProblems();
		assertThat(BinaryTensorData.read(type, List.of(count), wrap(bytes), "/inputs/0", problems)).isNull();
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, problems::throwIfAny);
		return ex.problems().stream().map((problem) -> problem.pointer() + ": " + problem.detail()).toList();
	}

	private static ByteBuffer wrap(byte[] bytes) {
		return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

}
