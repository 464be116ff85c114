package io.modelhost.engine.djl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.modelhost.engine.djl.OperatorCheck.Finding;
import io.modelhost.engine.djl.ScriptLexer.Token;
import io.modelhost.engine.djl.ScriptProgram.ScriptClass;
import org.jspecify.annotations.Nullable;

/**
 * Resolves every name a line of program text uses the way libtorch's importer would, and
 * reports each one the {@link OperatorAllowList} does not allow: {@code torch.x},
 * {@code torch.autograd.x} and {@code ops.aten.x} as the operator {@code aten::x},
 * {@code ops.ns.x} as {@code ns::x}, {@code __torch__.a.B} as a class or function of the
 * archive's own code, a local by its {@link Scope}, the compiler's built-in names by the
 * list, and a member of a value either as a member its class declares or as the operator
 * or attribute of that name.
 *
 * <p>
 * Fails closed: a name it cannot resolve is reported, never skipped. Reports go to the
 * consumer given, in the order the names appear; it keeps no state between lines. Not
 * thread-safe: one per {@link OperatorCheck}.
 */
final class NameResolver {

	/**
	 * Names libtorch resolves without a local binding: the source importer's environment
	 * ({@code import_source.cpp}) and the compiler's globals ({@code ir_emitter.cpp}),
	 * plus Python builtins that must never be taken for locals.
	 */
	static final Set<String> GLOBALS = Set.of("torch", "ops", "CONSTANTS", "fork", "awaitable", "annotate",
			"unchecked_cast", "uninitialized", "__torch__", "inf", "nan", "infj", "nanj", "print", "tuple", "float",
			"complex", "int", "bool", "str", "getattr", "hasattr", "isinstance", "_to_tensor", "len", "hex", "oct",
			"round", "hash", "id", "min", "max", "abs", "all", "any", "divmod", "sum", "list", "dict", "ord", "chr",
			"bin", "pow", "range", "zip", "enumerate", "rangelist", "sorted", "AssertionError", "open", "exec", "eval",
			"compile", "__import__", "globals", "locals", "vars", "setattr", "delattr", "breakpoint", "exit", "quit",
			"builtins", "math", "os", "sys", "_torch", "object", "type", "super", "iter", "next", "map", "filter",
			"memoryview", "bytes", "bytearray", "callable");

	private static final Pattern CONSTANT = Pattern.compile("c[0-9]+");

	private final OperatorAllowList allowList;

	private final ScriptProgram program;

	private final InstanceTypes types;

	private final Consumer<Finding> findings;

	NameResolver(OperatorAllowList allowList, ScriptProgram program, InstanceTypes types, Consumer<Finding> findings) {
		this.allowList = allowList;
		this.program = program;
		this.types = types;
		this.findings = findings;
	}

	/** Checks every name in {@code tokens[from, to)}. */
	void scan(List<Token> tokens, int from, int to, Scope scope) {
		for (int i = from; i < to; i++) {
			Token token = tokens.get(i);
			Token previous = (i > 0) ? tokens.get(i - 1) : null;
			if (token.isName() && (previous == null || !previous.is("."))) {
				if (ScriptTokens.isKeyword(token) || (i + 1 < to && tokens.get(i + 1).is("="))) {
					continue;
				}
				int end = ScriptTokens.chainEnd(tokens, i, to);
				List<String> names = ScriptTokens.names(tokens, i, end);
				boolean called = end < to && tokens.get(end).is("(");
				reference(names, called, tokens, end, scope, token.line());
				i = end - 1;
			}
			else if (token.is(".")) {
				boolean afterValue = previous != null && (previous.is(")") || previous.is("]")
						|| previous.type() == ScriptLexer.Type.STRING || previous.type() == ScriptLexer.Type.NUMBER);
				if (!afterValue || i + 1 >= to || !tokens.get(i + 1).isName()) {
					find("unreadable program text", scope, token.line(),
							"holds a '.' that follows no value or precedes no name");
					continue;
				}
				int end = ScriptTokens.chainEnd(tokens, i + 1, to);
				ScriptClass receiver = null;
				if (previous.is(")")) {
					int open = ScriptTokens.opening(tokens, i - 1);
					Token before = (open > 0) ? tokens.get(open - 1) : null;
					boolean grouping = before == null || ScriptTokens.isKeyword(before)
							|| !(before.isName() || before.is(")") || before.is("]"));
					int start = grouping ? open : open - 1;
					receiver = (start >= 0) ? this.types.typeOf(tokens.subList(start, i), scope.classTyped()) : null;
				}
				boolean called = end < to && tokens.get(end).is("(");
				member(receiver, ScriptTokens.names(tokens, i + 1, end), called, "(…)", scope, token.line());
				i = end - 1;
			}
		}
	}

	private void reference(List<String> names, boolean called, List<Token> tokens, int end, Scope scope, int number) {
		String root = names.getFirst();
		if (!GLOBALS.contains(root) && scope.bound().contains(root)) {
			member(scope.classTyped().get(root), names.subList(1, names.size()), called, root, scope, number);
			return;
		}
		String dotted = String.join(".", names);
		switch (root) {
			case "torch" -> {
				if (names.size() >= 2 && names.get(1).equals("ops")) {
					operator(names, 2, dotted, scope, number);
				}
				else if (names.size() >= 2 && names.get(1).equals("autograd")) {
					operator(List.of("torch", "aten", names.get(names.size() - 1)), (names.size() == 3) ? 1 : -1,
							dotted, scope, number);
				}
				else {
					operator(List.of("torch", "aten", names.get(names.size() - 1)),
							(names.size() == 2) ? 1 : (names.size() == 1) ? 2 : -1, dotted, scope, number);
				}
			}
			case "ops" -> operator(names, 1, dotted, scope, number);
			case "__torch__" -> archiveName(names, called, scope, number);
			case "CONSTANTS" -> {
				if (names.size() < 2 || !CONSTANT.matcher(names.get(1)).matches()) {
					find(dotted, scope, number, "is no entry of the constant table");
				}
				else {
					member(null, names.subList(2, names.size()), called, "CONSTANTS." + names.get(1), scope, number);
				}
			}
			case "getattr" -> {
				if (!called) {
					find("getattr", scope, number, "is used as a value");
					return;
				}
				int close = ScriptTokens.closing(tokens, end);
				List<List<Token>> arguments = ScriptTokens.split(tokens.subList(end + 1, close));
				String attribute = (arguments.size() == 2) ? ScriptTokens.literal(arguments.get(1)) : null;
				if (attribute == null) {
					find("getattr", scope, number,
							"is called without a literal attribute name, which cannot be checked");
					return;
				}
				boolean calledResult = close + 1 < tokens.size() && tokens.get(close + 1).is("(");
				member(this.types.typeOf(arguments.get(0), scope.classTyped()), List.of(attribute), calledResult,
						"getattr(…)", scope, number);
			}
			default -> {
				boolean known = this.allowList.allows("builtin", root) || this.allowList.allows("type", root);
				if (!known) {
					find(root, scope, number, GLOBALS.contains(root) ? "is not on the TorchScript allow-list"
							: "is defined nowhere in the program");
				}
				else if (names.size() > 1) {
					find(dotted, scope, number, "is an attribute of a built-in name");
				}
			}
		}
	}

	/**
	 * Checks {@code names[namespaceAt]::names[namespaceAt + 1]}, which must be the end of
	 * the name.
	 */
	private void operator(List<String> names, int namespaceAt, String dotted, Scope scope, int number) {
		if (namespaceAt < 0) {
			find(dotted, scope, number, "is no operator");
			return;
		}
		if (names.size() != namespaceAt + 2) {
			find(dotted, scope, number,
					(names.size() < namespaceAt + 2) ? "is an operator namespace used as a value" : "is no operator");
			return;
		}
		String namespace = names.get(namespaceAt);
		String name = names.get(namespaceAt + 1);
		boolean listed = (namespace.equals("aten") || namespace.equals("prim"))
				&& this.allowList.allows(namespace, name);
		if (!listed) {
			find(namespace + "::" + name + " (" + dotted + ")", scope, number,
					(namespace.equals("aten") || namespace.equals("prim"))
							? "is not on the TorchScript operator allow-list"
							: "is in the custom operator namespace '" + namespace + "', which is never allowed");
		}
	}

	/** A {@code __torch__.…} name: a class or function of the archive's own code. */
	private void archiveName(List<String> names, boolean called, Scope scope, int number) {
		String dotted = String.join(".", names);
		if (ScriptProgram.isNativeClass(dotted)) {
			find(dotted, scope, number,
					"is a custom class from a native library (torch.classes), which is never allowed");
			return;
		}
		for (int k = names.size(); k >= 2; k--) {
			String qualified = String.join(".", names.subList(0, k));
			var scriptClass = this.program.scriptClass(qualified);
			if (scriptClass.isPresent()) {
				List<String> rest = names.subList(k, names.size());
				if (!rest.equals(List.of("__new__"))) {
					member(scriptClass.get(), rest, called, qualified, scope, number);
				}
				return;
			}
			if (this.program.function(qualified).isPresent()) {
				if (k != names.size()) {
					find(dotted, scope, number, "is an attribute of a function");
				}
				return;
			}
		}
		find(dotted, scope, number, "is defined nowhere in the archive's code");
	}

	/**
	 * Checks attribute and method names following a value: members declared by the class
	 * when the value is known to be an instance of one of the archive's classes, the
	 * allow-list's operators and attributes otherwise.
	 */
	private void member(@Nullable ScriptClass receiver, List<String> names, boolean called, String shownReceiver,
			Scope scope, int number) {
		ScriptClass current = receiver;
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			boolean call = called && i == names.size() - 1;
			if (current != null) {
				boolean declared = current.methods().containsKey(name) || current.attributes().containsKey(name)
						|| (current.isEnum() && (name.equals("name") || name.equals("value")));
				if (!declared) {
					find(current.simpleName() + "." + name, scope, number,
							"is neither a method nor an attribute of " + current.simpleName());
					return;
				}
				current = current.methods().containsKey(name) ? null : this.types.memberType(current, name);
				continue;
			}
			boolean operator = this.allowList.allows("aten", name);
			boolean attribute = !call && this.allowList.allows("attribute", name);
			if (!operator && !attribute) {
				find("aten::" + name + " (" + shownReceiver + "." + name + (call ? "(…)" : "") + ")", scope, number,
						"is not on the TorchScript operator allow-list (a method or attribute "
								+ "of a value runs the operator of that name)");
				return;
			}
		}
	}

	private void find(String name, Scope scope, int number, String reason) {
		this.findings.accept(new Finding(name, scope.file(), number, scope.where(), reason));
	}

	/**
	 * Where names are being checked.
	 *
	 * @param file the program file
	 * @param where {@code Class.method}, the function, or the class
	 * @param bound the locals and parameters of the function
	 * @param classTyped the locals known to hold an instance of one of the archive's
	 * classes
	 */
	record Scope(String file, String where, Set<String> bound, Map<String, ScriptClass> classTyped) {

	}

}
