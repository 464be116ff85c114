package io.modelhost.engine.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.DataType;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * ONNX files of a few hundred bytes that would make ONNX Runtime allocate gigabytes
 * (fixtures/models/hostile-memory, made by fixtures/tools/make_hostile_memory.py): each
 * is refused from the file alone, before ONNX Runtime opens it, whether the size is a
 * constant (hidden behind arithmetic or inside a subgraph) or comes from the request.
 * Real models that size tensors from the shape of their input are still admitted.
 */
class HostileMemoryTests {

	private static final long LIMIT = 64L * 1024 * 1024;

	private static final OnnxEngine ENGINE = new OnnxEngine();

	@TempDir
	Path work;

	@Test
	void refusesConstantOfShapeOfAConstantHundredThousandSquared() throws IOException {
		assertThat(refused("onnx_constant_of_shape.onnx").getMessage()).isEqualTo("Node 'zeros' (ConstantOfShape) "
				+ "would allocate at least 40000000000 bytes from constant sizes, more than the limit of 67108864 bytes");
	}

	@Test
	void refusesExpandAndTileToConstantShapesCountingOneByteAnElement() throws IOException {
		assertThat(refused("onnx_expand.onnx").getMessage())
			.startsWith("Node 'expand' (Expand) would allocate at " + "least 2500000000 bytes");
		assertThat(refused("onnx_tile.onnx").getMessage())
			.startsWith("Node 'tile' (Tile) would allocate at least " + "10000000000 bytes");
	}

	@Test
	void refusesAnInitializerWhoseDataIsShorterThanItsShape() throws IOException {
		ModelRejectedException thrown = rejected("onnx_initializer_shape.onnx", Long.MAX_VALUE);
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.getMessage())
			.isEqualTo("Tensor 'weight' declares shape [50000, 50000] (10000000000 bytes) but holds 8 bytes of data");
	}

	@Test
	void refusesInitializersDeclaringMoreThanTheLimit() throws IOException {
		assertThat(refused("onnx_initializer_shape.onnx").getMessage())
			.isEqualTo("The model's initializers declare 10000000000 bytes (initializer 'weight' of shape "
					+ "[50000, 50000]), more than the limit of 67108864 bytes");
	}

	@Test
	void refusesConstantOfShapeOfTheValuesOfARequestInput() throws IOException {
		assertThat(unsafe("onnx_request_constant_of_shape.onnx").getMessage())
			.isEqualTo("Node 'zeros' (ConstantOfShape) takes its output size from input 0 ('shape'), which is "
					+ "computed from the values of request input 'shape': a request of a few bytes could make it "
					+ "allocate any amount of memory");
	}

	@Test
	void refusesRangeUpToARequestScalar() throws IOException {
		assertThat(unsafe("onnx_request_range.onnx").getMessage())
			.startsWith("Node 'range' (Range) takes its output size from input 1 ('limit'), which is computed "
					+ "from the values of request input 'limit'");
	}

	@Test
	void refusesExpandToARequestShape() throws IOException {
		assertThat(unsafe("onnx_request_expand.onnx").getMessage())
			.startsWith("Node 'expand' (Expand) takes its output size from input 1 ('shape'), which is computed "
					+ "from the values of request input 'shape'");
	}

	@Test
	void refusesARequestShapeUsedInsideALoopBody() throws IOException {
		assertThat(unsafe("onnx_loop_request_shape.onnx").getMessage())
			.startsWith("Node 'body_zeros' (ConstantOfShape) in the body of node 'repeat' (Loop) takes its output "
					+ "size from input 0 ('shape'), which is computed from the values of request input 'shape'");
	}

	@Test
	void countsAConstantShapeHiddenBehindShapeGatherMulAndConcat() throws IOException {
		assertThat(refused("onnx_hidden_constant_shape.onnx").getMessage()).isEqualTo("Node 'zeros' "
				+ "(ConstantOfShape) would allocate at least 40000000000 bytes from constant sizes, more than the "
				+ "limit of 67108864 bytes");
	}

	@Test
	void countsConstantOfShapeInsideAnIfBranch() throws IOException {
		assertThat(refused("onnx_if_constant_of_shape.onnx").getMessage()).isEqualTo("Node 'huge_zeros' "
				+ "(ConstantOfShape) in the then_branch of node 'choose' (If) would allocate at least 40000000000 "
				+ "bytes from constant sizes, more than the limit of 67108864 bytes");
	}

	@Test
	void admitsSizesTakenFromTheShapeOfTheRequest() throws IOException {
		try (LoadedModel model = admitted("onnx_shape_of_input.onnx").model()) {
			var x = new Tensor(DataType.FP32, List.of(2L, 4L), new float[] { 0, 0, 0, 0, 1, 1, 1, 1 });
			var answer = (Prediction.Tensors) model.predict(new ModelInput.Tensors(Map.of("x", x)));
			assertThat((float[]) answer.outputs().get("y").data()).containsExactly(2, 3, 4, 5, 3, 4, 5, 6);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "onnx_torch_lstm.onnx", "onnx_torch_transformer.onnx" })
	void admitsPyTorchExportsWithDynamicAxes(String fixture) throws IOException {
		try (LoadedModel model = admitted(fixture).model()) {
			long width = fixture.contains("lstm") ? 4 : 16;
			var x = new Tensor(DataType.FP32, List.of(1L, 7L, width), new float[(int) (7 * width)]);
			var answer = (Prediction.Tensors) model.predict(new ModelInput.Tensors(Map.of("x", x)));
			assertThat(answer.outputs().get("y").shape()).first().isEqualTo(1L);
		}
	}

	@Test
	void refusesAnUnsafeModelAgainAtLoad() throws IOException {
		Path stored = Files.copy(Fixtures.model("hostile-memory/onnx_request_expand.onnx"),
				this.work.resolve("stored.onnx"));
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> ENGINE.load(stored, OnnxEngine.ONNX));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
	}

	private ModelRejectedException unsafe(String fixture) throws IOException {
		ModelRejectedException thrown = rejected(fixture, LIMIT);
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		return thrown;
	}

	private AdmittedModel admitted(String fixture) throws IOException {
		Path upload = Files.copy(Fixtures.model("hostile-memory/" + fixture), this.work.resolve(fixture));
		FormatClaim claim = ENGINE.detect(new ArtifactSample(upload, Files.size(upload), head(upload))).orElseThrow();
		return ENGINE.admit(upload, claim, this.work, new AdmissionLimits(LIMIT, 10));
	}

	private static byte[] head(Path upload) throws IOException {
		try (var in = Files.newInputStream(upload)) {
			return in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
	}

	private ModelRejectedException refused(String fixture) throws IOException {
		ModelRejectedException thrown = rejected(fixture, LIMIT);
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
		return thrown;
	}

	private ModelRejectedException rejected(String fixture, long limit) throws IOException {
		Path upload = Files.copy(Fixtures.model("hostile-memory/" + fixture), this.work.resolve(fixture));
		FormatClaim claim = ENGINE.detect(new ArtifactSample(upload, Files.size(upload), head(upload))).orElseThrow();
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
					() -> ENGINE.admit(upload, claim, this.work, new AdmissionLimits(limit, 10)));
			assertThat(thrown).isNotNull();
			return thrown;
		});
	}

}
