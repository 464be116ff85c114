package io.modelhost.engine.jpmml;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;

import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PickleScannerTests {

	private static final PickleAllowList ALLOW_LIST = PickleAllowList.forScikitLearn();

	@ParameterizedTest
	@ValueSource(strings = { "sklearn/iris_rf.joblib", "sklearn/diabetes_gbr.joblib",
			"sklearn/iris_logreg_pipeline.pkl", "sklearn-extra/iris_svc_protocol2.pkl",
			"sklearn-extra/cancer_hgb_protocol5.joblib", "sklearn-extra/wine_columns.joblib" })
	void passesRealScikitLearnModels(String fixture) throws IOException {
		try (InputStream in = Files.newInputStream(Fixtures.model(fixture))) {
			PickleScanner.ScanReport report = scan(in);
			assertThat(report.imports()).anyMatch((name) -> name.startsWith("sklearn."));
			assertThat(report.bytes()).isEqualTo(Files.size(Fixtures.model(fixture)));
		}
	}

	@Test
	void skipsJoblibArrayDataInsteadOfReadingItAsOpcodes() throws IOException {
		try (InputStream in = Files.newInputStream(Fixtures.model("sklearn/iris_rf.joblib"))) {
			assertThat(scan(in).arrays()).isGreaterThan(10);
		}
	}

	@Test
	void refusesTheMaliciousFixture() throws IOException {
		try (InputStream in = Files.newInputStream(Fixtures.model("malicious/os_system.pkl"))) {
			assertThatExceptionOfType(PickleRefusedException.class).isThrownBy(() -> scan(in))
				.satisfies((ex) -> assertThat(ex.names()).containsExactly("posix.system"));
		}
	}

	@Test
	void refusesATextProtocolImportOfOsSystem() {
		byte[] pickle = PickleBytes.text().raw("cos\nsystem\n(S'touch /tmp/canary'\ntR.").build();
		assertRefused(pickle, "os.system");
	}

	@Test
	void resolvesStackGlobalOperandsThroughTheMemo() {
		byte[] pickle = PickleBytes.protocol(4)
			.string("posix")
			.op('q')
			.op(0)
			.string("system")
			.op('q')
			.op(1)
			.op('0')
			.op('0')
			.op('h')
			.op(0)
			.op('h')
			.op(1)
			.op(0x93)
			.callWith("id")
			.stop()
			.build();
		assertRefused(pickle, "posix.system");
	}

	@Test
	void refusesAnImportWhoseNameIsComputed() {
		byte[] pickle = PickleBytes.protocol(4)
			.stackGlobal("builtins", "str")
			.callWith("posix")
			.string("system")
			.op(0x93)
			.stop()
			.build();
		assertRefused(pickle, "(computed name)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "importlib.import_module", "builtins.getattr", "builtins.eval", "functools.partial",
			"operator.attrgetter", "_operator.methodcaller", "pkgutil.resolve_name", "types.CodeType",
			"dill._dill._create_function", "subprocess.Popen", "logging.FileHandler", "_io.FileIO",
			"torch.storage._load_from_bytes", "joblib.numpy_pickle.NDArrayWrapper" })
	void refusesIndirectGadgets(String gadget) {
		int dot = gadget.lastIndexOf('.');
		byte[] pickle = PickleBytes.protocol(4)
			.stackGlobal(gadget.substring(0, dot), gadget.substring(dot + 1))
			.callWith("x")
			.stop()
			.build();
		assertRefused(pickle, gadget);
	}

	@Test
	void scansEveryPickleStackedInAFile() {
		byte[] benign = PickleBytes.protocol(4).string("hello").stop().build();
		byte[] evil = PickleBytes.protocol(4).stackGlobal("posix", "system").callWith("id").stop().build();
		byte[] both = Arrays.copyOf(benign, benign.length + evil.length);
		System.arraycopy(evil, 0, both, benign.length, evil.length);
		assertRefused(both, "posix.system");
	}

	@Test
	void refusesACallToSomethingThatWasNotImported() {
		byte[] pickle = PickleBytes.protocol(4).string("not callable").callWith("x").stop().build();
		assertRefused(pickle, "(call)");
	}

	@Test
	void refusesPersistentReferences() {
		byte[] pickle = PickleBytes.protocol(2).string("archive/data/0").op('Q').stop().build();
		assertRefused(pickle, "(persistent reference)");
	}

	@Test
	void refusesAMaliciousPickleHiddenInAJoblibObjectArray() {
		byte[] pickle = joblibArray("O8", 63).bytes(evilPickle()).stop().build();
		assertRefused(pickle, "posix.system");
	}

	@Test
	void skipsRawFloatArraysEvenWhenTheirBytesLookLikeOpcodes() throws IOException {
		byte[] data = new byte[16];
		Arrays.fill(data, (byte) 'c'); // GLOBAL, if it were read as an opcode
		byte[] pickle = joblibArray("f8", 0).op(4).bytes(new byte[4]).bytes(data).stop().build();
		assertThat(scan(new ByteArrayInputStream(pickle)).arrays()).isEqualTo(1);
	}

	@Test
	void doesNotAllocateForAHugeDeclaredLength() {
		byte[] pickle = PickleBytes.protocol(4).op(0x8e).u8(1L << 40).bytes(new byte[100]).stop().build();
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> scan(new ByteArrayInputStream(pickle)));
	}

	@Test
	void rejectsATruncatedPickle() throws IOException {
		byte[] whole = Files.readAllBytes(Fixtures.model("sklearn/iris_logreg_pipeline.pkl"));
		byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> scan(new ByteArrayInputStream(truncated)));
	}

	@Test
	void rejectsBytesThatAreNotAPickle() {
		byte[] text = "hello, world\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertThatExceptionOfType(MalformedPickleException.class)
			.isThrownBy(() -> scan(new ByteArrayInputStream(text)));
	}

	/** A joblib array wrapper of one element with the given dtype, up to its BUILD. */
	private static PickleBytes joblibArray(String dtype, int flags) {
		return PickleBytes.protocol(4)
			.stackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper")
			.op(')')
			.op(0x81)
			.op('}')
			.op('(')
			.string("shape")
			.op('K')
			.op(2)
			.op(0x85)
			.string("dtype")
			.stackGlobal("numpy", "dtype")
			.string(dtype)
			.op(0x89)
			.op(0x88)
			.op(0x87)
			.op('R')
			.op('(')
			.op('K')
			.op(3)
			.string("<")
			.op('N')
			.op('N')
			.op('N')
			.op('J')
			.u4(-1)
			.op('J')
			.u4(-1)
			.op('K')
			.op(flags)
			.op('t')
			.op('b')
			.string("order")
			.string("C")
			.string("numpy_array_alignment_bytes")
			.op('K')
			.op(16)
			.op('u')
			.op('b');
	}

	private static byte[] evilPickle() {
		return PickleBytes.protocol(4).stackGlobal("posix", "system").callWith("id").stop().build();
	}

	private static void assertRefused(byte[] pickle, String name) {
		assertThatExceptionOfType(PickleRefusedException.class).isThrownBy(() -> scan(new ByteArrayInputStream(pickle)))
			.satisfies((ex) -> assertThat(ex.names()).contains(name));
	}

	private static PickleScanner.ScanReport scan(InputStream in) throws IOException {
		return new PickleScanner(ALLOW_LIST::allows, in).scan();
	}

}
