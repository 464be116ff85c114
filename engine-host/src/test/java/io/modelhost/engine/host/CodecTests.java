package io.modelhost.engine.host;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.host.Protocol.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class CodecTests {

	@Test
	void roundTripsATensorSignature() throws IOException {
		var signature = new TensorSignature(
				List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, 8L, 8L)),
						new TensorSpec("mask", DataType.BOOL, List.of())),
				List.of(new TensorSpec("logits", DataType.FP64, List.of(-1L, 10L))));
		assertThat(roundTrip(signature)).isEqualTo(signature);
	}

	@Test
	void roundTripsATabularSignatureWithCategoriesAndClasses() throws IOException {
		var signature = new TabularSignature(
				List.of(new Feature("colour", FeatureType.STRING, List.of("red", "green"), true, false),
						new Feature("size", FeatureType.DOUBLE, List.of(), true, true),
						new Feature("count", FeatureType.INTEGER, List.of(1, 2L, 3.5, 4.5f), false),
						new Feature("flag", FeatureType.BOOLEAN, List.of(true, false), true)),
				new Target("species", Task.CLASSIFICATION, List.of("setosa", 1, true)));
		assertThat(roundTrip(signature)).isEqualTo(signature);
		var regression = new TabularSignature(List.of(new Feature("x", FeatureType.FLOAT, List.of(), true)),
				new Target("y", Task.REGRESSION, List.of()));
		assertThat(roundTrip(regression)).isEqualTo(regression);
	}

	@Test
	void roundTripsRowsWithMissingValues() throws IOException {
		var rows = new ModelInput.Rows(
				List.of(new Object[] { 5.1, "red", true, null }, new Object[] { -0.0, "", false, 3L }));
		var decoded = (ModelInput.Rows) roundTrip(rows);
		assertThat(decoded.rows()).hasSize(2);
		for (int i = 0; i < 2; i++) {
			assertThat(decoded.rows().get(i)).containsExactly(rows.rows().get(i));
		}
	}

	@ParameterizedTest
	@EnumSource(DataType.class)
	void roundTripsTensorsOfEveryType(DataType type) throws IOException {
		Tensor tensor = new Tensor(type, List.of(2L, 2L), sample(type));
		var input = new ModelInput.Tensors(Map.of("x", tensor));
		assertThat(((ModelInput.Tensors) roundTrip(input)).tensors()).isEqualTo(input.tensors());
		var outputs = new LinkedHashMap<String, Tensor>();
		outputs.put("b", tensor);
		outputs.put("a", new Tensor(type, List.of(0L, 3L),
				java.lang.reflect.Array.newInstance(Tensor.arrayClass(type).getComponentType(), 0)));
		Prediction decoded = roundTrip(new Prediction.Tensors(outputs));
		assertThat(((Prediction.Tensors) decoded).outputs()).containsExactlyEntriesOf(outputs);
	}

	@Test
	void roundTripsValuesWithAndWithoutProbabilities() throws IOException {
		var labelled = new Prediction.Values(Arrays.asList("setosa", 2, 3L, 1.5, 2.5f, true, null),
				List.of(new double[] { 1, 0 }, new double[] { 0.5, 0.5 }, new double[0], new double[] { 0.1 },
						new double[] { 0.2 }, new double[] { 0.3 }, new double[] { Double.NaN }));
		var decoded = (Prediction.Values) roundTrip(labelled);
		assertThat(decoded.values()).isEqualTo(labelled.values());
		assertThat(decoded.probabilities()).hasSameSizeAs(labelled.probabilities());
		for (int i = 0; i < labelled.probabilities().size(); i++) {
			// Arrays.equals compares bits: NaN equals NaN
			assertThat(Arrays.equals(decoded.probabilities().get(i), labelled.probabilities().get(i))).isTrue();
		}
		var plain = new Prediction.Values(List.of(1.0, 2.0), null);
		assertThat(((Prediction.Values) roundTrip(plain)).probabilities()).isNull();
	}

	@Test
	void refusesATensorShapeLargerThanItsLimitBeforeAllocating() throws IOException {
		var bytes = new ByteArrayOutputStream();
		var out = new DataOutputStream(bytes);
		out.writeByte(DataType.FP64.ordinal());
		out.writeInt(2);
		out.writeLong(1L << 20);
		out.writeLong(1L << 20);
		assertThatIOException().isThrownBy(() -> Codec.readTensor(in(bytes.toByteArray())))
			.withMessageContaining("too large");
	}

	@ParameterizedTest
	@EnumSource(ModelRejectedException.Kind.class)
	void carriesEveryKindOfRejectionFaithfully(ModelRejectedException.Kind kind) throws IOException {
		ModelRejectedException original = switch (kind) {
			case UNSAFE -> ModelRejectedException.unsafe("calls aten::from_file", List.of("aten::from_file"), "hint");
			case UNSUPPORTED -> ModelRejectedException.unsupported(Phase.VALIDATE, "a torch.save archive", "export");
			case INVALID -> ModelRejectedException.invalid(Phase.LOAD, "broken", null, null);
			case TOO_LARGE -> ModelRejectedException.tooLarge(Phase.SCAN, "expands beyond 64 MB");
			case TIMED_OUT -> ModelRejectedException.timedOut(Phase.VALIDATE, "took longer than 30 s");
		};
		var rebuilt = (ModelRejectedException) failure(original);
		assertThat(rebuilt.kind()).isEqualTo(original.kind());
		assertThat(rebuilt.phase()).isEqualTo(original.phase());
		assertThat(rebuilt.getMessage()).isEqualTo(original.getMessage());
		assertThat(rebuilt.hint()).isEqualTo(original.hint());
		assertThat(rebuilt.offendingImports()).isEqualTo(original.offendingImports());
	}

	@Test
	void carriesInputProblemsAndPredictionFailures() throws IOException {
		var problems = List.of(new InputProblem("/inputs/0/1", "expected a number"),
				new InputProblem("/inputs/1", "too short"));
		assertThat(((InvalidInputException) failure(new InvalidInputException(problems))).problems())
			.isEqualTo(problems);
		assertThat(failure(new PredictionFailedException("libtorch failed", null)))
			.isInstanceOf(PredictionFailedException.class)
			.hasMessage("libtorch failed");
		assertThat(failure(new IllegalArgumentException("odd"))).isInstanceOf(IllegalStateException.class)
			.hasMessageEndingWith("IllegalArgumentException: odd");
	}

	private static Object sample(DataType type) {
		return switch (type) {
			case BOOL -> new boolean[] { true, false, false, true };
			case INT8 -> new byte[] { -128, 0, 1, 127 };
			case UINT8 -> new byte[] { (byte) 255, 0, 1, 127 };
			case INT16 -> new short[] { Short.MIN_VALUE, 0, 1, Short.MAX_VALUE };
			case INT32 -> new int[] { Integer.MIN_VALUE, 0, 1, Integer.MAX_VALUE };
			case INT64 -> new long[] { Long.MIN_VALUE, 0, 1, Long.MAX_VALUE };
			case FP32 -> new float[] { Float.NaN, -0.0f, 1.5f, Float.MAX_VALUE };
			case FP64 -> new double[] { Double.NEGATIVE_INFINITY, -0.0, 1e-300, Double.MAX_VALUE };
			case BYTES -> new String[] { "", "é", "a\nb", "🙂" };
		};
	}

	private static ModelSignature roundTrip(ModelSignature signature) throws IOException {
		var bytes = new ByteArrayOutputStream();
		Codec.writeSignature(new DataOutputStream(bytes), signature);
		DataInputStream in = in(bytes.toByteArray());
		ModelSignature decoded = Codec.readSignature(in);
		assertThat(in.read()).as("bytes left").isEqualTo(-1);
		return decoded;
	}

	private static ModelInput roundTrip(ModelInput input) throws IOException {
		var bytes = new ByteArrayOutputStream();
		Codec.writeInput(new DataOutputStream(bytes), input);
		DataInputStream in = in(bytes.toByteArray());
		ModelInput decoded = Codec.readInput(in);
		assertThat(in.read()).as("bytes left").isEqualTo(-1);
		return decoded;
	}

	private static Prediction roundTrip(Prediction prediction) throws IOException {
		var bytes = new ByteArrayOutputStream();
		Codec.writePrediction(new DataOutputStream(bytes), prediction);
		DataInputStream in = in(bytes.toByteArray());
		Prediction decoded = Codec.readPrediction(in);
		assertThat(in.read()).as("bytes left").isEqualTo(-1);
		return decoded;
	}

	private static RuntimeException failure(RuntimeException failure) throws IOException {
		var bytes = new ByteArrayOutputStream();
		Protocol.writeFailure(new DataOutputStream(bytes), failure);
		DataInputStream in = in(bytes.toByteArray());
		Status status = Status.values()[in.readUnsignedByte()];
		RuntimeException decoded = Protocol.readFailure(status, in);
		assertThat(in.read()).as("bytes left").isEqualTo(-1);
		return decoded;
	}

	private static DataInputStream in(byte[] bytes) {
		return new DataInputStream(new ByteArrayInputStream(bytes));
	}

}
