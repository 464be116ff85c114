package io.modelhost.engine.djl;

import java.util.List;
import java.util.Map;

import io.modelhost.engine.djl.ForwardMethod.Argument;
import io.modelhost.engine.djl.ScriptCode.ScriptClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptCodeTests {

	private static final String SEQUENTIAL = """
			class Sequential(Module):
			  __parameters__ = []
			  __buffers__ = []
			  training : bool
			  _is_full_backward_hook : Optional[bool]
			  __annotations__["0"] = __torch__.torch.nn.modules.linear.Linear
			  __annotations__["1"] = __torch__.torch.nn.modules.activation.ReLU
			  def forward(self: __torch__.torch.nn.modules.container.Sequential,
			    x: Tensor) -> Tensor:
			    _0 = getattr(self, "0")
			    return (_0).forward(x, )
			class Other(Module):
			  net : __torch__.torch.nn.modules.container.___torch_mangle_3.Sequential
			""";

	@Test
	void readsEveryClassWithItsAttributesAndForward() {
		List<ScriptClass> classes = ScriptCode.parse("__torch__.torch.nn.modules.container", SEQUENTIAL);
		assertThat(classes).extracting(ScriptClass::qualifiedName)
			.containsExactly("__torch__.torch.nn.modules.container.Sequential",
					"__torch__.torch.nn.modules.container.Other");
		assertThat(classes.getFirst().attributes())
			.isEqualTo(Map.of("training", "bool", "_is_full_backward_hook", "Optional[bool]", "0",
					"__torch__.torch.nn.modules.linear.Linear", "1", "__torch__.torch.nn.modules.activation.ReLU"));
		assertThat(classes.getFirst().forward())
			.isEqualTo(new ForwardMethod(List.of(new Argument("x", "Tensor", false)), "Tensor"));
		assertThat(classes.getLast().forward()).isNull();
	}

	@Test
	void readsAHeaderSpreadOverLinesWithDefaultsAndTupleResults() {
		ForwardMethod forward = ForwardMethod.find(List.of("  def forward(self: __torch__.M,", "    x: Tensor,",
				"    mask: Optional[Tensor]=None,", "    scale: float=1.) -> Tuple[Tensor, Tensor]:", "    return x"));
		assertThat(forward).isEqualTo(new ForwardMethod(List.of(new Argument("x", "Tensor", false),
				new Argument("mask", "Optional[Tensor]", true), new Argument("scale", "float", true)),
				"Tuple[Tensor, Tensor]"));
	}

	@Test
	void keepsCommasInsideBracketsAndQuotes() {
		ForwardMethod forward = ForwardMethod
			.parse("def forward(self: M, x: Dict[str, Tensor], mode: str=\"a,b)\") -> Tensor:");
		assertThat(forward).isNotNull();
		assertThat(forward.arguments()).containsExactly(new Argument("x", "Dict[str, Tensor]", false),
				new Argument("mode", "str", true));
	}

	@Test
	void waitsForTheWholeHeader() {
		assertThat(ForwardMethod.parse("def forward(self: M,")).isNull();
		assertThat(ForwardMethod.parse("def forward(self: M, x: Tensor) -> Tensor")).isNull();
	}

	@Test
	void namesModuleTypesWithoutManglingOrPrefix() {
		assertThat(ScriptCode.plainType("__torch__.torch.nn.modules.linear.___torch_mangle_0.Linear"))
			.isEqualTo("torch.nn.modules.linear.Linear");
		assertThat(ScriptCode.plainType("__torch__.MLP")).isEqualTo("MLP");
	}

}
