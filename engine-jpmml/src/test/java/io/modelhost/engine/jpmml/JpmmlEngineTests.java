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
import static org.assertj.core.api.Assertions.tuple;

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
	void knowsWhichFeaturesAcceptAMissingValueFromTheConvertedModel() throws IOException {
		// scikit-learn 1.2 refuses NaN for these: trees without a missing value strategy,
		// coefficients, distances
		for (String fixture : List.of("sklearn/iris_rf.joblib", "sklearn/iris_logreg_pipeline.pkl",
				"sklearn/diabetes_gbr.joblib", "sklearn-extra/iris_tree_zlib.joblib",
				"sklearn-extra/diabetes_knn_xz.joblib", "sklearn-extra/iris_svc_protocol2.pkl")) {
			try (LoadedModel model = admitFresh(fixture).model()) {
				assertThat(((TabularSignature) model.signature()).features()).as(fixture)
					.filteredOn(TabularSignature.Feature::used)
					.extracting(TabularSignature.Feature::acceptsMissing)
					.containsOnly(false);
			}
		}
		// histogram gradient boosting learns where a missing value goes: every split
		// has a default child
		try (LoadedModel model = admitFresh("sklearn-extra/cancer_hgb_protocol5.joblib").model()) {
			assertThat(((TabularSignature) model.signature()).features()).filteredOn(TabularSignature.Feature::used)
				.extracting(TabularSignature.Feature::acceptsMissing)
				.isNotEmpty()
				.containsOnly(true);
		}
		// a mean imputer before the numbers; the one-hot encoded region has none
		try (LoadedModel model = admitFresh("sklearn-extra/wine_columns.joblib").model()) {
			assertThat(((TabularSignature) model.signature()).features())
				.extracting(TabularSignature.Feature::name, TabularSignature.Feature::acceptsMissing)
				.containsExactly(tuple("alcohol", true), tuple("malic_acid", true), tuple("ash", true),
						tuple("color_intensity", true), tuple("region", false));
		}
	}

	@Test
	void refusesAMissingValueTheModelCannotTakeNamingEachOne() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn/iris_rf.joblib")).model()) {
			ModelInput rows = new ModelInput.Rows(
					List.<Object[]>of(new Object[] { 5.1, 3.5, 1.4, 0.2 }, new Object[] { null, 3.5, null, 0.2 }));
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> model.predict(rows))
				.satisfies((ex) -> assertThat(ex.problems()).extracting(InvalidInputException.InputProblem::pointer)
					.containsExactly("/1/0", "/1/2"));
		}
	}

	@Test
	void takesAMissingValueTheModelHandles() throws IOException {
		try (LoadedModel model = admit(Fixtures.model("sklearn-extra/wine_columns.joblib")).model()) {
			ModelInput rows = new ModelInput.Rows(List.<Object[]>of(new Object[] { null, 2.0, 2.4, 5.0, "north" }));
			assertThat(((Prediction.Values) model.predict(rows)).values()).hasSize(1).doesNotContainNull();
		}
	}

	private AdmittedModel admitFresh(String fixture) throws IOException {
		Path dir = Files.createTempDirectory(this.work, "model");
		Path upload = Files.copy(Fixtures.model(fixture), dir.resolve("original"));
		return ENGINE.admit(upload, ENGINE.detect(sample(upload)).orElseThrow(), dir, LIMITS);
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
