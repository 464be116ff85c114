package io.modelhost.engine.djl;

import java.util.List;
import java.util.Map;

import io.modelhost.engine.djl.ScriptLexer.Token;
import io.modelhost.engine.djl.ScriptProgram.ScriptClass;
import org.jspecify.annotations.Nullable;

/**
 * Which of the archive's own classes a value is an instance of, read from the expression
 * forms TorchScript prints and the attribute types the classes declare.
 *
 * <p>
 * An answer is always a class of the program, never a native custom class
 * ({@code __torch__.torch.classes.*}); null means "unknown", and callers must then treat
 * the value as a tensor, string or list, whose members are operators. Holds nothing but
 * the program, which must be complete before the first question.
 */
final class InstanceTypes {

	private final ScriptProgram program;

	InstanceTypes(ScriptProgram program) {
		this.program = program;
	}

	/**
	 * The class of the archive an expression is an instance of, for the forms TorchScript
	 * prints: {@code a.b}, {@code (a.b)}, {@code getattr(a, "b")} and
	 * {@code unchecked_cast(__torch__.C, a)}; null for any other expression.
	 * @param typed the locals known to hold an instance of one of the archive's classes
	 */
	@Nullable ScriptClass typeOf(List<Token> tokens, Map<String, ScriptClass> typed) {
		if (tokens.size() >= 2 && tokens.getFirst().is("(") && ScriptTokens.closing(tokens, 0) == tokens.size() - 1) {
			return typeOf(tokens.subList(1, tokens.size() - 1), typed);
		}
		if (tokens.size() >= 4 && tokens.get(1).is("(") && ScriptTokens.closing(tokens, 1) == tokens.size() - 1) {
			List<List<Token>> arguments = ScriptTokens.split(tokens.subList(2, tokens.size() - 1));
			String callee = tokens.getFirst().text();
			if (callee.equals("getattr") && arguments.size() == 2 && ScriptTokens.literal(arguments.get(1)) != null) {
				ScriptClass receiver = typeOf(arguments.get(0), typed);
				return (receiver != null) ? memberType(receiver, ScriptTokens.literal(arguments.get(1))) : null;
			}
			if (callee.equals("unchecked_cast") && arguments.size() == 2) {
				return classNamed(arguments.get(0));
			}
			return null;
		}
		List<String> names = ScriptTokens.chain(tokens);
		if (names == null) {
			return null;
		}
		ScriptClass current = typed.get(names.getFirst());
		for (int i = 1; i < names.size() && current != null; i++) {
			current = memberType(current, names.get(i));
		}
		return current;
	}

	/** The class of the archive an attribute declared by {@code owner} holds, or null. */
	@Nullable ScriptClass memberType(ScriptClass owner, String member) {
		List<Token> type = owner.attributes().get(member);
		return (type != null) ? classNamed(type) : null;
	}

	/** The archive's class a type annotation names, if it is exactly one. */
	private @Nullable ScriptClass classNamed(List<Token> type) {
		List<String> names = ScriptTokens.chain(type);
		if (names == null || !names.getFirst().equals("__torch__")
				|| ScriptProgram.isNativeClass(String.join(".", names))) {
			return null;
		}
		return this.program.scriptClass(String.join(".", names)).orElse(null);
	}

}
