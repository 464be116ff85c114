package io.modelhost.protocols.oip;

import java.util.List;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TensorInputsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** required_api.md's example request, word for word. */
	private static final String SPEC_EXAMPLE = """
			{
			  "id" : "42",
			  "inputs" : [
			    {
			      "name" : "input0",
			      "shape" : [ 2, 2 ],
			      "datatype" : "UINT32",
			      "data" : [ 1, 2, 3, 4 ]
			    },
			    {
			      "name" : "input1",
			      "shape" : [ 3 ],
			      "datatype" : "BOOL",
			      "data" : [ true ]
			    }
			  ],
			  "outputs" : [
			    {
			      "name" : "output0"
			    }
			  ]
			}""";

	@Test
	void readsTheSpecificationsExampleRequest() {
		InferenceRequest request = InferenceRequest.parse(JSON.readTree(SPEC_EXAMPLE));
		assertThat(request.id()).isEqualTo("42");
		assertThat(request.inputs()).extracting(RequestInput::name).containsExactly("input0", "input1");
		assertThat(request.inputs().getFirst().shape()).containsExactly(2L, 2L);
		assertThat(request.outputs()).containsExactly("output0");
	}

	@Test
	void decodesTheExampleForAModelThatTakesItsTensors() {
		var signature = new TensorSignature(
				List.of(new TensorSpec("input0", DataType.INT32, List.of(-1L, 2L)),
						new TensorSpec("input1", DataType.BOOL, List.of(1L))),
				List.of(new TensorSpec("output0", DataType.FP32, List.of(-1L, 2L))));
		String request = SPEC_EXAMPLE.replace("UINT32", "INT32").replace("[ 3 ]", "[ 1 ]");
		ModelInput.Tensors input = new TensorInputs(signature, 100)
			.decode(InferenceRequest.parse(JSON.readTree(request)).inputs());
		assertThat(input.tensors().get("input0"))
			.isEqualTo(new Tensor(DataType.INT32, List.of(2L, 2L), new int[] { 1, 2, 3, 4 }));
		assertThat(input.tensors().get("input1"))
			.isEqualTo(new Tensor(DataType.BOOL, List.of(1L), new boolean[] { true }));
		assertThat(input.batchSize()).isEqualTo(2);
	}

	@Test
	void reportsEveryProblemOfTheExampleAgainstAModelThatTakesOtherTensors() {
		var signature = new TensorSignature(
				List.of(new TensorSpec("input0", DataType.FP32, List.of(-1L, 2L)),
						new TensorSpec("input1", DataType.BOOL, List.of(-1L))),
				List.of(new TensorSpec("output0", DataType.FP32, List.of(-1L, 2L))));
		List<RequestInput> inputs = InferenceRequest.parse(JSON.readTree(SPEC_EXAMPLE)).inputs();
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class,
				() -> new TensorInputs(signature, 100).decode(inputs));
		assertThat(ex.problems()).extracting(InputProblem::pointer)
			.containsExactly("/inputs/0/datatype", "/inputs/1/data");
		assertThat(ex.problems().get(0).detail()).contains("UINT32 is not supported").contains("takes FP32");
		assertThat(ex.problems().get(1).detail()).isEqualTo("shape [3] holds 3 elements but the data has 1");
	}

	@Test
	void refusesBatchesOverTheRowLimit() {
		var signature = new TensorSignature(List.of(new TensorSpec("x", DataType.FP64, List.of(-1L))),
				List.of(new TensorSpec("y", DataType.FP64, List.of(-1L))));
		List<RequestInput> inputs = InferenceRequest.parse(JSON.readTree(
				"{\"inputs\": [{\"name\": \"x\", \"shape\": [3], \"datatype\": \"FP64\", " + "\"data\": [1, 2, 3]}]}"))
			.inputs();
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class,
				() -> new TensorInputs(signature, 2).decode(inputs));
		assertThat(ex.problems().getFirst().detail()).contains("1..2 examples but holds 3");
	}

	@Test
	void refusesBinaryInputsWithoutBinaryDataAndMalformedTensors() {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class,
				() -> InferenceRequest.parse(JSON.readTree("""
						{"inputs": [
						  {"name": "a", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}},
						  {"name": "", "shape": [-1], "datatype": 3, "data": 1}],
						 "outputs": {"name": "x"}}""")));
		assertThat(ex.problems()).extracting(InputProblem::pointer)
			.containsExactly("/inputs/0/parameters/binary_data_size", "/inputs/1/name", "/inputs/1/datatype",
					"/inputs/1/data", "/inputs/1/shape/0", "/outputs");
	}

}
