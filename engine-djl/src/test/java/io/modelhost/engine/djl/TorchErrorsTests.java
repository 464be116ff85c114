package io.modelhost.engine.djl;

import java.nio.file.Path;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TorchErrorsTests {

	private static final String TRACEBACK = """
			The following operation failed in the TorchScript interpreter.
			Traceback of TorchScript, serialized code (most recent call last):
			  File "code/__torch__/torch/nn/modules/linear.py", line 12, in forward
			    return torch.linear(x, weight, bias)
			           ~~~~~~~~~~~~ <--- HERE

			Traceback of TorchScript, original code (most recent call last):
			/usr/lib/python3/dist-packages/torch/nn/modules/linear.py(114): forward
			/home/alice/secret-project/train.py(130): forward
			RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x16)
			""";

	@Test
	void keepsOnlyTheErrorAtTheEndOfAnInterpreterTraceback() {
		var failure = new TranslateException(new EngineException(TRACEBACK));
		assertThat(TorchErrors.plain(failure)).isEqualTo("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x16)");
	}

	@Test
	void dropsTheFilePathAndPyTorchsRequestForBetterMessages() {
		Path file = Path.of("/srv/my models/42/model.pt");
		var failure = new EngineException("Expected hasRecord(\"version\") to be true, but got false.  "
				+ "(Could this error message be improved?  If so, please report an enhancement request to PyTorch.) "
				+ "in " + file);
		assertThat(TorchErrors.plain(failure, file))
			.isEqualTo("Expected hasRecord(\"version\") to be true, but got false. in <file>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x16)",
			"mat1 and mat2 must have the same dtype, but got Double and Float",
			"Given groups=1, weight of size [8, 1, 3, 3], expected input[1, 3, 8, 8] to have 1 channels, "
					+ "but got 3 channels instead",
			"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 64]",
			"Dimension out of range (expected to be in range of [-1, 0], but got 1)" })
	void recognisesShapeAndTypeErrorsAsInputProblems(String message) {
		assertThat(TorchErrors.isInputProblem(message)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "DefaultCPUAllocator: can't allocate memory: you tried to allocate 4096 bytes",
			"The following operation failed in the TorchScript interpreter.", "std::bad_alloc" })
	void leavesOtherFailuresToTheEngine(String message) {
		assertThat(TorchErrors.isInputProblem(message)).isFalse();
	}

}
