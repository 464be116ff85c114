package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.DataType;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.testkit.ReferenceCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeclaredInputsTests {

	private static final TorchScriptEngine ENGINE = new TorchScriptEngine();

	private static final AdmissionLimits LIMITS = new AdmissionLimits(64L * 1024 * 1024, 1000);

	private static final List<TensorSpec> IMAGE = List
		.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, 8L, 8L)));

	@TempDir
	Path work;

	@Test
	void takesACnnUndeclaredWithTheRankAndChannelsOfItsFirstConvolution() throws IOException {
		AdmittedModel admitted = admit("torch-extra/digits_cnn_scripted.pt", List.of());
		try (LoadedModel model = admitted.model()) {
			var signature = (TensorSignature) model.signature();
			assertThat(signature.inputs().getFirst().shape()).isEqualTo(List.of(-1L, 1L, -1L, -1L));
			assertThat(signature.outputs().getFirst().shape()).isEqualTo(List.of(-1L, 10L));
		}
	}

	@Test
	void servesACnnWithDeclaredInputsAndReloadsWithThem() throws IOException {
		JsonNode reference = Fixtures.reference("torch-extra/digits_cnn_scripted.pt");
		AdmittedModel admitted = admit("torch-extra/digits_cnn_scripted.pt", IMAGE);
		try (LoadedModel model = admitted.model()) {
			var signature = (TensorSignature) model.signature();
			assertThat(signature.inputs()).isEqualTo(IMAGE);
			assertThat(signature.outputs().getFirst().shape()).isEqualTo(List.of(-1L, 10L));
			var batch = ReferenceCases.input(signature, reference);
			ReferenceCases.assertMatches(signature, model.predict(batch), reference, 0, batch.batchSize(), 1e-5);
		}
		assertThat(this.work.resolve(DeclaredInputsFile.NAME)).isRegularFile();
		try (LoadedModel reloaded = ENGINE.load(this.work.resolve(admitted.servedFile()), admitted.format())) {
			assertThat(((TensorSignature) reloaded.signature()).inputs()).isEqualTo(IMAGE);
		}
	}

	@Test
	void refusesDeclarationsTheModelCannotRun() {
		var flat = List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 64L)));
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> admit("torch-extra/digits_cnn_scripted.pt", flat))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("fails on a sample input"));
		var fixedBatch = List.of(new TensorSpec("image", DataType.FP32, List.of(1L, 1L, 8L, 8L)));
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> admit("torch-extra/digits_cnn_scripted.pt", fixedBatch))
			.satisfies((ex) -> assertThat(ex.phase()).isEqualTo(Phase.VALIDATE));
	}

	private AdmittedModel admit(String fixture, List<TensorSpec> declared) throws IOException {
		Path upload = this.work.resolve("original");
		Files.copy(Fixtures.model(fixture), upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		byte[] head;
		try (var in = Files.newInputStream(upload)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		FormatClaim claim = ENGINE.detect(new ArtifactSample(upload, Files.size(upload), head)).orElseThrow();
		return ENGINE.admit(upload, claim, this.work, LIMITS, declared);
	}

}
