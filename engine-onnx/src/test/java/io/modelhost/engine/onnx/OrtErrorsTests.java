package io.modelhost.engine.onnx;

import java.nio.file.Path;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrtErrorsTests {

	@Test
	void dropsTheLoadPrefixSourceLocationAndFunctionSignature() {
		var ex = new OrtException(OrtErrorCode.ORT_FAIL, "Load model from /srv/models/42/original failed:"
				+ "/onnxruntime_src/onnxruntime/core/graph/model.cc:192 onnxruntime::Model::Model(onnx::ModelProto&&, "
				+ "const onnxruntime::PathString&, const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) "
				+ "Unsupported model IR version: 15, max supported IR version: 13");
		assertThat(OrtErrors.plain(ex)).isEqualTo("Unsupported model IR version: 15, max supported IR version: 13");
	}

	@Test
	void replacesQuotedPathsLeftInTheMessage() {
		var ex = new OrtException(OrtErrorCode.ORT_FAIL,
				"External data path escapes model directory. External data path: \"../../etc/passwd\" resolved path: "
						+ "\"/srv/etc/passwd\" allowed directory: \"/srv/models/42\"");
		assertThat(OrtErrors.plain(ex)).doesNotContain("/srv").contains("resolved path: \"<file>\"");
	}

	@Test
	void removesTheModelPathEvenWithSpaces() {
		Path file = Path.of("/srv/my models/42/original").toAbsolutePath();
		var ex = new OrtException(OrtErrorCode.ORT_INVALID_PROTOBUF,
				"Load model from " + file + " failed:Protobuf parsing failed.");
		assertThat(OrtErrors.plain(ex, file)).isEqualTo("Protobuf parsing failed.");
	}

	@Test
	void joinsLinesAndKeepsWordsWithSlashes() {
		var ex = new OrtException(OrtErrorCode.ORT_INVALID_ARGUMENT,
				"Got invalid dimensions for input: input for the following indices\n index: 1 Got: 3 Expected: 4\n"
						+ " Please fix either the inputs/outputs or the model.");
		assertThat(OrtErrors.plain(ex)).isEqualTo("Got invalid dimensions for input: input for the following indices "
				+ "index: 1 Got: 3 Expected: 4 Please fix either the inputs/outputs or the model.");
	}

}
