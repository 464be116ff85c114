package io.modelhost.engine.jpmml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JpmmlEngineTests {

	private static final JpmmlEngine ENGINE = new JpmmlEngine();

	private static final AdmissionLimits LIMITS = new AdmissionLimits(64L * 1024 * 1024, 1000);

	@TempDir
	Path work;

	@Test
	void rejectsTheMaliciousPickleNamingTheImportAndRunsNothing() throws IOException {
		Path canary = Path.of("/tmp/model-host-pwned");
		assertThat(canary).doesNotExist();
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> admit(Fixtures.model("malicious/os_system.pkl")))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(Kind.UNSAFE);
				assertThat(ex.offendingImports()).containsExactly("posix.system");
				assertThat(ex.getMessage()).contains("posix.system");
			});
		assertThat(canary).doesNotExist();
	}

	@Test
	void rejectsAZlibBombAtTheLimitWithoutInflatingIt() throws IOException {
		var compressed = new ByteArrayOutputStream();
		try (var zlib = new DeflaterOutputStream(compressed)) {
			zlib.write(new byte[] { (byte) 0x80, 4 });
			byte[] zeros = new byte[1024 * 1024];
			for (int i = 0; i < 64; i++) {
				zlib.write(zeros);
			}
		}
		Path bomb = Files.write(this.work.resolve("original"), compressed.toByteArray());
		FormatClaim claim = ENGINE.detect(sample(bomb)).orElseThrow();
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> ENGINE.admit(bomb, claim, this.work, new AdmissionLimits(1024 * 1024, 10)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.TOO_LARGE));
		assertThat(this.work.resolve(JpmmlEngine.PICKLE_FILE)).doesNotExist();
	}

	@Test
	void refusesPmmlWithAnExternalEntity() throws IOException {
		Path xxe = Files.writeString(this.work.resolve("original"), """
				<?xml version="1.0"?>
				<!DOCTYPE PMML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
				<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><Header description="&secret;"/></PMML>
				""");
		assertThatExceptionOfType(ModelRejectedException.class).isThrownBy(() -> admit(xxe))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.UNSAFE))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("root:"));
	}

	@Test
	void admitsAConvertedPmmlDocumentAndScoresItAlike() throws IOException {
		AdmittedModel fromPickle = admit(Fixtures.model("sklearn/iris_rf.joblib"));
		Path pmml = Files.copy(this.work.resolve(fromPickle.servedFile()), this.work.resolve("uploaded.pmml"));
		FormatClaim claim = ENGINE.detect(sample(pmml)).orElseThrow();
		assertThat(claim.format()).isEqualTo(JpmmlEngine.PMML);
		try (LoadedModel fromPmml = ENGINE.admit(pmml, claim, this.work, LIMITS).model()) {
			ModelInput row = new ModelInput.Rows(List.<Object[]>of(new Object[] { 6.3, 3.3, 6.0, 2.5 }));
			assertThat(fromPmml.predict(row)).usingRecursiveComparison().isEqualTo(fromPickle.model().predict(row));
		}
	}

	@Test
	void namesFeaturesAfterTheDataFrameColumnsAndKnowsTheirCategories() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn-extra/wine_columns.joblib")).model()) {
			var signature = (TabularSignature) model.signature();
			assertThat(signature.features()).extracting(TabularSignature.Feature::name)
				.containsExactly("alcohol", "malic_acid", "ash", "color_intensity", "region");
			TabularSignature.Feature region = signature.features().getLast();
			assertThat(region.type()).isEqualTo(FeatureType.STRING);
			assertThat(region.categories()).containsExactlyInAnyOrder("east", "north", "south");
			assertThat(signature.target().task()).isEqualTo(Task.CLASSIFICATION);
		}
	}

	@Test
	void namesFeaturesOfArrayFittedModelsPositionally() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn/diabetes_gbr.joblib")).model()) {
			var signature = (TabularSignature) model.signature();
			assertThat(signature.features()).extracting(TabularSignature.Feature::name)
				.containsExactly("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10");
			assertThat(signature.target().task()).isEqualTo(Task.REGRESSION);
		}
	}

	@Test
	void givesLabelsWithoutProbabilitiesForAnSvc() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn-extra/iris_svc_protocol2.pkl")).model()) {
			var prediction = (Prediction.Values) model
				.predict(new ModelInput.Rows(List.<Object[]>of(new Object[] { 5.1, 3.5, 1.4, 0.2 })));
			assertThat(prediction.values()).containsExactly(0);
			assertThat(prediction.probabilities()).isNull();
		}
	}

	@Test
	void reportsAnUnknownCategoryAsBadInput() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn-extra/wine_columns.joblib")).model()) {
			ModelInput row = new ModelInput.Rows(List.<Object[]>of(new Object[] { 13.0, 2.0, 2.3, 5.0, "west" },
					new Object[] { 13.0, 2.0, Double.NaN, 5.0, "north" }));
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> model.predict(row))
				.satisfies((ex) -> assertThat(ex.problems()).extracting(InvalidInputException.InputProblem::pointer)
					.contains("/1"));
		}
	}

	@Test
	void doesNotClaimTextOrImages() throws IOException {
		Path csv = Files.writeString(this.work.resolve("data.csv"), "sepal_length,sepal_width\n5.1,3.5\n");
		Path png = Files.write(this.work.resolve("image.png"),
				new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 });
		assertThat(ENGINE.detect(sample(csv))).isEmpty();
		assertThat(ENGINE.detect(sample(png))).isEmpty();
	}

	@Test
	void recognisesEveryJoblibCompression() throws IOException {
		assertThat(ENGINE.detect(sample(Fixtures.model("sklearn-extra/iris_tree_zlib.joblib"))).orElseThrow().detail())
			.contains("zlib");
		assertThat(ENGINE.detect(sample(Fixtures.model("sklearn-extra/diabetes_linreg_lzma.joblib")))
			.orElseThrow()
			.detail()).contains("lzma");
		assertThat(ENGINE.detect(sample(Fixtures.model("sklearn-extra/diabetes_knn_xz.joblib"))).orElseThrow().detail())
			.contains("xz");
		assertThat(
				ENGINE.detect(sample(Fixtures.model("sklearn-extra/iris_logreg_gzip.joblib"))).orElseThrow().detail())
			.contains("gzip");
	}

	private AdmittedModel admit(Path fixture) throws IOException {
		Path upload = Files.copy(fixture, this.work.resolve("original"));
		FormatClaim claim = ENGINE.detect(sample(upload)).orElseThrow();
		return ENGINE.admit(upload, claim, this.work, LIMITS);
	}

	private static ArtifactSample sample(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, ArtifactSample.HEAD_SIZE));
		return new ArtifactSample(file, bytes.length, head);
	}

}
