package io.modelhost.engine.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * ONNX files of a few hundred bytes that would make ONNX Runtime allocate gigabytes
 * (fixtures/models/hostile-memory, made by fixtures/tools/make_hostile_memory.py): each
 * is refused from the file alone, before ONNX Runtime opens it.
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

	private ModelRejectedException refused(String fixture) throws IOException {
		ModelRejectedException thrown = rejected(fixture, LIMIT);
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
		return thrown;
	}

	private ModelRejectedException rejected(String fixture, long limit) throws IOException {
		Path upload = Files.copy(Fixtures.model("hostile-memory/" + fixture), this.work.resolve(fixture));
		byte[] head;
		try (var in = Files.newInputStream(upload)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		FormatClaim claim = ENGINE.detect(new ArtifactSample(upload, Files.size(upload), head)).orElseThrow();
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
					() -> ENGINE.admit(upload, claim, this.work, new AdmissionLimits(limit, 10)));
			assertThat(thrown).isNotNull();
			return thrown;
		});
	}

}
