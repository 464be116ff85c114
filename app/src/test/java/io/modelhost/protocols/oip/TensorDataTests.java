package io.modelhost.protocols.oip;

import io.modelhost.engine.DataType;
import io.modelhost.engine.Tensor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TensorDataTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsNestedAndFlatDataInRowMajorOrder() {
		JsonNode nested = JSON.readTree("[[1, 2], [4, 5]]");
		JsonNode flat = JSON.readTree("[1, 2, 4, 5]");
		assertThat(TensorData.elements(nested)).isEqualTo(TensorData.elements(flat));
		assertThat(TensorData.elements(nested)).extracting(JsonNode::asInt).containsExactly(1, 2, 4, 5);
	}

	@Test
	void pointsAtAnElementWhereverItNests() {
		assertThat(TensorData.pathOf(JSON.readTree("[[1, 2], [4, 5]]"), 2)).isEqualTo("/1/0");
		assertThat(TensorData.pathOf(JSON.readTree("[1, 2, 4, 5]"), 3)).isEqualTo("/3");
		assertThat(TensorData.pathOf(JSON.readTree("[[[1], [2]], [[3], [4]]]"), 3)).isEqualTo("/1/1/0");
	}

	@Test
	void checksElementsAgainstTheRangeOfTheirDatatype() {
		assertThat(TensorData.check(DataType.UINT8, JSON.readTree("255"), false)).isNull();
		assertThat(TensorData.check(DataType.UINT8, JSON.readTree("256"), false)).contains("0..255");
		assertThat(TensorData.check(DataType.INT8, JSON.readTree("-128"), false)).isNull();
		assertThat(TensorData.check(DataType.INT32, JSON.readTree("1.5"), false)).contains("whole number");
		assertThat(TensorData.check(DataType.FP32, JSON.readTree("1e39"), false)).contains("finite");
		assertThat(TensorData.check(DataType.FP64, JSON.readTree("1e39"), false)).isNull();
		assertThat(TensorData.check(DataType.FP64, JSON.readTree("1" + "0".repeat(400)), false)).contains("finite");
		assertThat(TensorData.check(DataType.INT64, JSON.readTree("1" + "0".repeat(400)), false))
			.contains("whole number");
		assertThat(TensorData.check(DataType.BOOL, JSON.readTree("1"), false)).contains("true or false");
		assertThat(TensorData.check(DataType.BYTES, JSON.readTree("\"x\""), false)).isNull();
		assertThat(TensorData.check(DataType.FP64, JSON.readTree("null"), false)).contains("got null");
		assertThat(TensorData.check(DataType.FP64, JSON.readTree("null"), true)).isNull();
	}

	@Test
	void writesEightBitIntegersAsNumbersAndUint8Unsigned() {
		var tensor = new Tensor(DataType.UINT8, java.util.List.of(2L), new byte[] { (byte) 200, 7 });
		assertThat((int[]) TensorData.json(tensor)).containsExactly(200, 7);
		var floats = new Tensor(DataType.FP32, java.util.List.of(1L), new float[] { 0.5f });
		assertThat(TensorData.json(floats)).isSameAs(floats.data());
	}

	@Test
	void namesOnlyTheDatatypesItSupports() {
		assertThat(TensorData.datatype("FP32")).isEqualTo(DataType.FP32);
		assertThat(TensorData.datatype("UINT32")).isNull();
		assertThat(TensorData.unusable("UINT32")).isEqualTo("datatype UINT32 is not supported");
		assertThat(TensorData.unusable("fp32")).isEqualTo("unknown datatype 'fp32'");
	}

}
