package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.djl.OperatorCheck.Finding;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorCheckTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(16L * 1024 * 1024, 1000);

	private static final String HEADER = """
			class Model(Module):
			  __parameters__ = []
			  __buffers__ = []
			  training : bool
			  weight : Tensor
			  net : __torch__.Net
			  def forward(self: __torch__.Model,
			    x: Tensor) -> Tensor:
			""";

	private static final String NET = """
			class Net(Module):
			  __parameters__ = []
			  training : bool
			  def forward(self: __torch__.Net,
			    x: Tensor) -> Tensor:
			    return torch.relu(x)
			  def save(self: __torch__.Net,
			    x: Tensor) -> Tensor:
			    return x
			""";

	@TempDir
	Path work;

	@ParameterizedTest
	@ValueSource(strings = { "torch/iris_mlp_torchscript.pt", "torch-extra/diabetes_mlp_scripted.pt",
			"torch-extra/digits_cnn_scripted.pt", "torch-extra/iris_two_outputs_scripted.pt",
			"torch-extra/iris_dict_outputs_scripted.pt", "torch-extra/lstm_gru_scripted.pt",
			"torch-extra/transformer_encoder_scripted.pt", "torch-extra/resnet_block_traced.pt",
			"torch-extra/functional_control_flow_scripted.pt", "torch-hostile/infinite_loop.pt" })
	void allowsEveryLegitimateFixture(String fixture) throws IOException {
		assertThat(findings(Fixtures.model(fixture))).isEmpty();
	}

	@Test
	void allowsAForbiddenNameInsideAStringLiteralOrComment() throws IOException {
		assertThat(check("""
				    _0 = "torch.from_file('/etc/passwd')"  # torch.save(x, "/tmp/f")
				    return torch.add(x, torch.len(_0))
				""")).isEmpty();
	}

	@Test
	void refusesACallSplitOverLinesWithSpacesAroundTheDot() throws IOException {
		assertThat(check("""
				    _0 = torch   .  \\
				      from_file(
				        "/etc/passwd", False, 4)
				    return x
				""")).singleElement()
			.satisfies((finding) -> assertThat(finding.describe())
				.isEqualTo("aten::from_file (torch.from_file) in Model.forward at code/__torch__.py line 9 "
						+ "is not on the TorchScript operator allow-list"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "torch.from_file(\"/etc/passwd\", False, 4)", "ops.aten.from_file(\"/etc/passwd\")",
			"torch.ops.aten.from_file(\"/etc/passwd\")", "torch.autograd.from_file(\"/etc/passwd\")",
			"torch.save(x, \"/tmp/f\")" })
	void refusesEverySpellingOfAFileOperator(String call) throws IOException {
		assertThat(check("    _0 = " + call + "\n    return x\n")).singleElement()
			.satisfies((finding) -> assertThat(finding.name()).matches("aten::(from_file|save) \\(.*\\)"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ops.evil.op(x)", "torch.ops.myns.op(x)", "ops.quantized.linear(x)",
			"ops.prim.PythonOp(x)", "ops.prim.Print(x)", "print(x)", "fork(x)", "open(\"/etc/passwd\")", "eval(\"1\")",
			"exec(\"1\")", "__import__(\"os\")", "torch._C._get_tracing_state()", "torch.load(\"/tmp/f\")",
			"torch.classes.myns.Foo(x)", "__torch__.torch.classes.myns.Foo(x)",
			"torch.ops.load_library(\"/tmp/evil.so\")", "math.sqrt(2.0)", "builtins.open(\"/etc/passwd\")" })
	void refusesEscapeHatchesAndForeignNamespaces(String call) throws IOException {
		assertThat(check("    _0 = " + call + "\n    return x\n")).isNotEmpty();
	}

	@Test
	void refusesAFileOperatorCalledAsAMethodOfAString() throws IOException {
		assertThat(check("    _0 = \"/etc/passwd\".from_file(False, 4)\n    return x\n")).singleElement()
			.satisfies((finding) -> assertThat(finding.name()).isEqualTo("aten::from_file ((…).from_file(…))"));
	}

	@Test
	void refusesAMethodOfAValueThatOnlyTheArchiveDefines() throws IOException {
		// Net defines save(), but weight is a tensor: weight.save(...) is aten::save
		assertThat(check("    weight = self.weight\n    _0 = weight.save(\"/tmp/f\")\n    return x\n"))
			.extracting(Finding::name)
			.containsExactly("aten::save (weight.save(…))");
	}

	@Test
	void allowsMethodsOfSubmodulesReachedThroughAttributesAndGetattr() throws IOException {
		assertThat(check("""
				    net = self.net
				    _0 = (net).save((net).forward(x, ), )
				    _1 = (getattr(self, "net")).forward(_0, )
				    return (self.net).forward(_1, )
				""")).isEmpty();
	}

	@Test
	void refusesANamespaceUsedAsAValueAndGetattrWithAComputedName() throws IOException {
		assertThat(check("""
				    t = torch
				    _0 = getattr(torch, "from_file")
				    _1 = getattr(self, torch.format("{}", "net"))
				    return x
				""")).extracting(Finding::describe)
			.containsExactly(
					"torch in Model.forward at code/__torch__.py line 9 is an operator namespace used as a value",
					"aten::from_file (getattr(…).from_file) in Model.forward at code/__torch__.py line 10 is not on "
							+ "the TorchScript operator allow-list (a method or attribute of a value runs the operator "
							+ "of that name)",
					"torch in Model.forward at code/__torch__.py line 10 is an operator namespace used as a value",
					"getattr in Model.forward at code/__torch__.py line 11 is called without a literal attribute name, "
							+ "which cannot be checked");
	}

	@Test
	void refusesAnAliasOfAForbiddenOperator() throws IOException {
		assertThat(check("    reader = torch.from_file\n    _0 = reader(\"/etc/passwd\", False, 4)\n    return x\n"))
			.extracting(Finding::name)
			.containsExactly("aten::from_file (torch.from_file)");
	}

	@Test
	void refusesANameDefinedNowhere() throws IOException {
		assertThat(check("    return undefined_name(x)\n")).extracting(Finding::describe)
			.containsExactly("undefined_name in Model.forward at code/__torch__.py line 9 "
					+ "is defined nowhere in the program");
	}

	@Test
	void refusesTextItWillNotGuessAt() throws IOException {
		assertThat(check("    return x; torch.from_file(\"/etc/passwd\")\n")).extracting(Finding::describe)
			.contains("unreadable program text at code/__torch__.py line 9 holds the character ';'");
		assertThat(check("\treturn x\n")).extracting(Finding::describe)
			.contains("unreadable program text at code/__torch__.py line 9 holds a tab, form feed or carriage return");
	}

	@Test
	void refusesAPickleNamingAClassOutsideTheArchive() throws IOException {
		Map<String, byte[]> entries = TestArchives.entries(Fixtures.model("torch/iris_mlp_torchscript.pt"));
		entries.put("archive/constants.pkl",
				"\u0080\u0002cposix\nsystem\nq\u0000.".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(findings(write(entries))).extracting(Finding::describe)
			.containsExactly("the class posix.system at constants.pkl is not one a TorchScript pickle may build");
	}

	@Test
	void readsTheShippedListWithEveryKind() {
		OperatorAllowList list = OperatorAllowList.standard();
		assertThat(list.allows("aten", "linear")).isTrue();
		assertThat(list.allows("aten", "from_file")).isFalse();
		assertThat(list.allows("aten", "save")).isFalse();
		assertThat(list.allows("prim", "Print")).isFalse();
		assertThat(list.allows("aten", "empty")).isFalse();
		assertThat(OperatorAllowList.KINDS).allSatisfy((kind) -> assertThat(list.count(kind)).isPositive());
	}

	private List<Finding> check(String forwardBody) throws IOException {
		Map<String, byte[]> entries = TestArchives.entries(Fixtures.model("torch/iris_mlp_torchscript.pt"));
		var replaced = new LinkedHashMap<String, byte[]>();
		entries.forEach((name, bytes) -> {
			if (name.startsWith("archive/data") || name.equals("archive/version")
					|| name.equals("archive/constants.pkl")) {
				replaced.put(name, bytes);
			}
		});
		replaced.put("archive/data.pkl", "\u0080\u0002c__torch__\nModel\n.".getBytes(StandardCharsets.ISO_8859_1));
		replaced.put("archive/code/__torch__.py", (HEADER + forwardBody + NET).getBytes(StandardCharsets.UTF_8));
		return findings(write(replaced));
	}

	private Path write(Map<String, byte[]> entries) throws IOException {
		return Files.write(this.work.resolve("model.pt"), TestArchives.zip(entries));
	}

	private static List<Finding> findings(Path archive) throws IOException {
		return OperatorCheck.findings(ArchiveInspection.verify(archive, LIMITS), OperatorAllowList.standard());
	}

}
