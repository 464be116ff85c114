package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelhost.engine.djl.ScriptLexer.Line;
import io.modelhost.engine.djl.ScriptLexer.Token;
import io.modelhost.engine.djl.ScriptProgram.Function;
import io.modelhost.engine.djl.ScriptProgram.ScriptClass;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a TorchScript archive whose program names anything outside the
 * {@link OperatorAllowList}, read in Java before libtorch sees the archive: libtorch's
 * {@code jit::load} compiles and runs whatever the archive's code calls, and its operator
 * registry holds {@code aten::from_file} (reads any file), {@code aten::save} (writes
 * one), custom classes from native libraries and every custom-op namespace.
 *
 * <p>
 * <b>What is read.</b> Every {@code code/**.py} file is tokenized ({@link ScriptLexer}),
 * so a forbidden name inside a string literal or a comment is no call, and a call spread
 * over lines or written {@code torch . from_file} is still one. Every class and free
 * function is checked, whatever its name ({@code forward}, {@code __setstate__}, helpers)
 * and whether or not anything calls it. Every pickle ({@code data.pkl},
 * {@code constants.pkl}, {@code bytecode.pkl}, {@code *.debug_pkl}) is read opcode by
 * opcode ({@link PickleScan}) for the classes it names, and {@code bytecode.pkl} for the
 * operator names it lists. Any other file under {@code code/} is refused; weights
 * ({@code data/}), {@code extra/} and {@code version} are data and not read.
 *
 * <p>
 * <b>How names resolve</b> mirrors libtorch's importer: {@code torch.x},
 * {@code torch.autograd.x} and {@code ops.aten.x} are the operator {@code aten::x};
 * {@code ops.ns.x} is {@code ns::x} (only {@code aten} and {@code prim} can be allowed,
 * so every custom namespace is refused); {@code __torch__.a.B} must be a class or
 * function defined in the archive's own code, never {@code __torch__.torch.classes.*}
 * (native custom classes, resolved before the archive's code); the compiler's built-in
 * names ({@code len}, {@code getattr}, {@code print}...) are looked up in the list even
 * where a local of that name is assigned, since libtorch resolves a name used before its
 * assignment globally. A name used as a value ({@code t = torch}) is refused.
 *
 * <p>
 * <b>Method calls and attributes.</b> TorchScript compiles {@code v.x(...)} on a tensor,
 * string or list into the operator {@code aten::x} with {@code v} as its first argument
 * ({@code "/etc/passwd".from_file(...)} reads a file), so a method or attribute on a
 * value is allowed only if {@code aten::x} or {@code attribute::x} is listed, unless the
 * value is known to be an instance of one of the archive's classes: a parameter annotated
 * with that class, or a local whose every assignment is {@code self.sub},
 * {@code getattr(self, "0")} and the like (TorchScript refuses to give a variable two
 * types, so one other assignment makes it unknown). Then the member must be declared by
 * that class.
 *
 * <p>
 * <b>Fail closed.</b> Text the reader does not understand (tabs, semicolons, a statement
 * outside any class, a name defined nowhere, {@code getattr} with a computed name) is
 * refused with its file and line rather than guessed at. Not thread-safe: one instance
 * per archive.
 */
final class OperatorCheck {

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

	private static final Set<String> KEYWORDS = Set.of("if", "elif", "else", "while", "for", "in", "not", "and", "or",
			"is", "return", "pass", "break", "continue", "raise", "assert", "with", "as", "del", "None", "True",
			"False");

	private static final Set<String> CLASS_BASES = Set.of("Module", "NamedTuple", "Enum", "Interface",
			"ModuleInterface");

	private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=",
			"<<=", ">>=", "@=");

	private static final Pattern OPERATOR_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern CONSTANT = Pattern.compile("c[0-9]+");

	/** How many findings are reported at most. */
	private static final int MAX_FINDINGS = 20;

	private final OperatorAllowList allowList;

	private final ScriptProgram program = new ScriptProgram();

	private final List<Finding> findings = new ArrayList<>();

	private OperatorCheck(OperatorAllowList allowList) {
		this.allowList = allowList;
	}

	/**
	 * Everything the archive names that the list does not allow, in file order; empty if
	 * the program may run.
	 * @throws IOException if the archive cannot be read
	 */
	static List<Finding> findings(TorchArchive archive, OperatorAllowList allowList) throws IOException {
		var check = new OperatorCheck(allowList);
		var pickles = new LinkedHashMap<String, byte[]>();
		for (ArchiveEntry entry : archive.entries().values()) {
			String prefix = archive.root() + "/";
			if (entry.directory() || !entry.name().startsWith(prefix)) {
				continue;
			}
			String relative = entry.name().substring(prefix.length());
			boolean pickle = relative.endsWith(".pkl") || relative.endsWith(".debug_pkl");
			boolean program = relative.startsWith("code/") && relative.endsWith(".py");
			if (!pickle && !program) {
				if (relative.startsWith("code/")) {
					check.find("an unexpected file", relative, 0, "", "is neither program text nor its debug table");
				}
				continue;
			}
			if (entry.size() > ScriptCode.MAX_FILE_BYTES) {
				check.find("an over-long file", relative, 0, "", "is longer than " + ScriptCode.MAX_FILE_BYTES
						+ " bytes; program text and pickles are never that long");
				continue;
			}
			byte[] bytes = archive.read(relative, ScriptCode.MAX_FILE_BYTES);
			if (pickle) {
				pickles.put(relative, bytes);
			}
			else {
				check.parse(relative, new String(bytes, StandardCharsets.UTF_8));
			}
		}
		check.checkProgram();
		pickles.forEach(check::checkPickle);
		return List.copyOf(check.findings);
	}

	private void parse(String file, String text) {
		String module = file.substring("code/".length(), file.length() - ".py".length()).replace('/', '.');
		try {
			this.program.add(file, module, ScriptLexer.lines(text));
		}
		catch (ScriptSyntaxException ex) {
			find("unreadable program text", file, ex.line(), "", "holds " + ex.getMessage());
		}
	}

	private void checkProgram() {
		for (ScriptClass scriptClass : this.program.classes()) {
			Line header = scriptClass.header();
			List<Token> tokens = header.tokens();
			boolean plain = tokens.size() == 3;
			boolean based = tokens.size() == 6 && tokens.get(2).is("(") && CLASS_BASES.contains(tokens.get(3).text())
					&& tokens.get(4).is(")");
			if (!plain && !based) {
				find("class " + scriptClass.simpleName(), scriptClass.file(), header.number(), scriptClass.simpleName(),
						"derives from something other than Module, NamedTuple, Enum or an interface");
			}
			var scope = new Scope(scriptClass.file(), scriptClass.simpleName(), Set.of(), Map.of());
			for (Line line : scriptClass.declarations()) {
				List<Token> declaration = line.tokens();
				int from = declaration.getFirst().text().equals("__annotations__") ? 5 : 2;
				scan(declaration, Math.min(from, declaration.size()), declaration.size(), scope, line);
			}
			for (Function method : scriptClass.methods().values()) {
				checkFunction(method, scriptClass);
			}
		}
		for (Function function : this.program.functions()) {
			checkFunction(function, null);
		}
	}

	private void checkFunction(Function function, @Nullable ScriptClass owner) {
		List<Token> header = function.header().tokens();
		int open = 2;
		int close = (header.size() > open && header.get(open).is("(")) ? closing(header, open) : -1;
		if (close < 0) {
			find("unreadable program text", function.file(), function.header().number(), function.display(),
					"holds a def header that cannot be read");
			return;
		}
		var bound = new HashSet<String>();
		var assignments = new HashMap<String, List<List<Token>>>();
		for (List<Token> parameter : split(header.subList(open + 1, close))) {
			if (parameter.isEmpty() || !parameter.getFirst().isName()) {
				find("unreadable program text", function.file(), function.header().number(), function.display(),
						"holds a parameter that cannot be read");
				return;
			}
			String name = parameter.getFirst().text();
			bound.add(name);
			int equals = ScriptProgram.indexOf(parameter, "=", 1);
			boolean annotated = parameter.size() > 1 && parameter.get(1).is(":");
			List<Token> type = annotated ? parameter.subList(2, (equals < 0) ? parameter.size() : equals) : List.of();
			assignments.computeIfAbsent(name, (key) -> new ArrayList<>()).add(typeMarker(type));
		}
		for (Line line : function.body()) {
			bind(line.tokens(), bound, assignments);
		}
		Map<String, ScriptClass> classTyped = classTyped(assignments);
		var scope = new Scope(function.file(), function.display(), bound, classTyped);
		scan(header, 2, header.size(), scope, function.header());
		for (Line line : function.body()) {
			scan(line.tokens(), 0, line.tokens().size(), scope, line);
		}
	}

	/**
	 * Records the names a body line binds, and for a plain {@code name = value} the value
	 * (a type annotation is recorded as {@code annotate(Type, ...)} would be).
	 */
	private static void bind(List<Token> tokens, Set<String> bound, Map<String, List<List<Token>>> assignments) {
		Token first = tokens.getFirst();
		if (first.isName() && first.text().equals("for")) {
			int in = ScriptProgram.indexOf(tokens, "in", 1);
			for (int i = 1; i < ((in < 0) ? tokens.size() : in); i++) {
				unknown(tokens.get(i), bound, assignments);
			}
			return;
		}
		for (int i = 1; i < tokens.size(); i++) {
			if (tokens.get(i - 1).isName() && tokens.get(i - 1).text().equals("as")) {
				unknown(tokens.get(i), bound, assignments);
			}
		}
		if (tokens.size() > 1 && first.isName() && AUGMENTED.contains(tokens.get(1).text())) {
			unknown(first, bound, assignments);
			return;
		}
		int equals = ScriptProgram.indexOf(tokens, "=", 0);
		if (equals < 0 || (first.isName() && KEYWORDS.contains(first.text()))) {
			return;
		}
		List<Token> value = tokens.subList(equals + 1, tokens.size());
		if (equals == 1 && first.isName()) {
			bound.add(first.text());
			assignments.computeIfAbsent(first.text(), (key) -> new ArrayList<>()).add(value);
		}
		else if (equals > 2 && first.isName() && tokens.get(1).is(":")) {
			bound.add(first.text());
			assignments.computeIfAbsent(first.text(), (key) -> new ArrayList<>())
				.add(typeMarker(tokens.subList(2, equals)));
		}
		else {
			for (int i = 0; i < equals; i++) {
				boolean item = (i == 0 || tokens.get(i - 1).is(",")) && (tokens.get(i + 1).is(",") || i + 1 == equals);
				if (item) {
					unknown(tokens.get(i), bound, assignments);
				}
			}
		}
	}

	private static void unknown(Token token, Set<String> bound, Map<String, List<List<Token>>> assignments) {
		if (token.isName() && !KEYWORDS.contains(token.text())) {
			bound.add(token.text());
			assignments.computeIfAbsent(token.text(), (key) -> new ArrayList<>()).add(List.of());
		}
	}

	/** A declared type as the value {@code unchecked_cast(Type, _)}, or nothing. */
	private static List<Token> typeMarker(List<Token> type) {
		if (type.isEmpty()) {
			return List.of();
		}
		var marker = new ArrayList<Token>();
		Token at = type.getFirst();
		marker.add(new Token(ScriptLexer.Type.NAME, "unchecked_cast", at.line()));
		marker.add(new Token(ScriptLexer.Type.OPERATOR, "(", at.line()));
		marker.addAll(type);
		marker.add(new Token(ScriptLexer.Type.OPERATOR, ",", at.line()));
		marker.add(new Token(ScriptLexer.Type.NAME, "_", at.line()));
		marker.add(new Token(ScriptLexer.Type.OPERATOR, ")", at.line()));
		return marker;
	}

	/**
	 * The locals whose every binding is an instance of the same class of the archive,
	 * found by repeating until nothing changes (a local may be assigned from another).
	 */
	private Map<String, ScriptClass> classTyped(Map<String, List<List<Token>>> assignments) {
		var typed = new HashMap<String, ScriptClass>();
		boolean changed = true;
		while (changed) {
			changed = false;
			for (Map.Entry<String, List<List<Token>>> entry : assignments.entrySet()) {
				if (typed.containsKey(entry.getKey())) {
					continue;
				}
				ScriptClass common = null;
				boolean all = true;
				for (List<Token> value : entry.getValue()) {
					ScriptClass type = value.isEmpty() ? null : typeOf(value, typed);
					all &= type != null && (common == null || common == type);
					common = (type != null) ? type : common;
				}
				if (all && common != null) {
					typed.put(entry.getKey(), common);
					changed = true;
				}
			}
		}
		return typed;
	}

	/**
	 * The class of the archive an expression is an instance of, for the forms TorchScript
	 * prints: {@code a.b}, {@code (a.b)}, {@code getattr(a, "b")} and
	 * {@code unchecked_cast(__torch__.C, a)}; null for any other expression.
	 */
	private @Nullable ScriptClass typeOf(List<Token> tokens, Map<String, ScriptClass> typed) {
		if (tokens.size() >= 2 && tokens.getFirst().is("(") && closing(tokens, 0) == tokens.size() - 1) {
			return typeOf(tokens.subList(1, tokens.size() - 1), typed);
		}
		if (tokens.size() >= 4 && tokens.get(1).is("(") && closing(tokens, 1) == tokens.size() - 1) {
			List<List<Token>> arguments = split(tokens.subList(2, tokens.size() - 1));
			String callee = tokens.getFirst().text();
			if (callee.equals("getattr") && arguments.size() == 2 && literal(arguments.get(1)) != null) {
				ScriptClass receiver = typeOf(arguments.get(0), typed);
				return (receiver != null) ? memberType(receiver, literal(arguments.get(1))) : null;
			}
			if (callee.equals("unchecked_cast") && arguments.size() == 2) {
				return classNamed(arguments.get(0));
			}
			return null;
		}
		List<String> names = chain(tokens);
		if (names == null) {
			return null;
		}
		ScriptClass current = typed.get(names.getFirst());
		for (int i = 1; i < names.size() && current != null; i++) {
			current = memberType(current, names.get(i));
		}
		return current;
	}

	private @Nullable ScriptClass memberType(ScriptClass owner, String member) {
		List<Token> type = owner.attributes().get(member);
		return (type != null) ? classNamed(type) : null;
	}

	/** The archive's class a type annotation names, if it is exactly one. */
	private @Nullable ScriptClass classNamed(List<Token> type) {
		List<String> names = chain(type);
		if (names == null || !names.getFirst().equals("__torch__") || classes(String.join(".", names))) {
			return null;
		}
		return this.program.scriptClass(String.join(".", names)).orElse(null);
	}

	/** Checks every name in {@code tokens[from, to)}. */
	private void scan(List<Token> tokens, int from, int to, Scope scope, Line line) {
		for (int i = from; i < to; i++) {
			Token token = tokens.get(i);
			Token previous = (i > 0) ? tokens.get(i - 1) : null;
			if (token.isName() && (previous == null || !previous.is("."))) {
				if (KEYWORDS.contains(token.text()) || (i + 1 < to && tokens.get(i + 1).is("="))) {
					continue;
				}
				int end = chainEnd(tokens, i, to);
				List<String> names = names(tokens, i, end);
				boolean called = end < to && tokens.get(end).is("(");
				reference(names, called, tokens, end, scope, line, token.line());
				i = end - 1;
			}
			else if (token.is(".")) {
				boolean afterValue = previous != null && (previous.is(")") || previous.is("]")
						|| previous.type() == ScriptLexer.Type.STRING || previous.type() == ScriptLexer.Type.NUMBER);
				if (!afterValue || i + 1 >= to || !tokens.get(i + 1).isName()) {
					find("unreadable program text", scope.file(), token.line(), scope.where(),
							"holds a '.' that follows no value or precedes no name");
					continue;
				}
				int end = chainEnd(tokens, i + 1, to);
				ScriptClass receiver = null;
				if (previous.is(")")) {
					int open = opening(tokens, i - 1);
					Token before = (open > 0) ? tokens.get(open - 1) : null;
					boolean grouping = before == null || (before.isName() && KEYWORDS.contains(before.text()))
							|| !(before.isName() || before.is(")") || before.is("]"));
					int start = grouping ? open : open - 1;
					receiver = (start >= 0) ? typeOf(tokens.subList(start, i), scope.classTyped()) : null;
				}
				boolean called = end < to && tokens.get(end).is("(");
				member(receiver, names(tokens, i + 1, end), called, "(…)", scope, token.line());
				i = end - 1;
			}
		}
	}

	private void reference(List<String> names, boolean called, List<Token> tokens, int end, Scope scope, Line line,
			int number) {
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
					find(dotted, scope.file(), number, scope.where(), "is no entry of the constant table");
				}
				else {
					member(null, names.subList(2, names.size()), called, "CONSTANTS." + names.get(1), scope, number);
				}
			}
			case "getattr" -> {
				if (!called) {
					find("getattr", scope.file(), number, scope.where(), "is used as a value");
					return;
				}
				int close = closing(tokens, end);
				List<List<Token>> arguments = split(tokens.subList(end + 1, close));
				String attribute = (arguments.size() == 2) ? literal(arguments.get(1)) : null;
				if (attribute == null) {
					find("getattr", scope.file(), number, scope.where(),
							"is called without a literal attribute name, which cannot be checked");
					return;
				}
				boolean calledResult = close + 1 < tokens.size() && tokens.get(close + 1).is("(");
				member(typeOf(arguments.get(0), scope.classTyped()), List.of(attribute), calledResult, "getattr(…)",
						scope, number);
			}
			default -> {
				boolean known = this.allowList.allows("builtin", root) || this.allowList.allows("type", root);
				if (!known) {
					find(root, scope.file(), number, scope.where(), GLOBALS.contains(root)
							? "is not on the TorchScript allow-list" : "is defined nowhere in the program");
				}
				else if (names.size() > 1) {
					find(dotted, scope.file(), number, scope.where(), "is an attribute of a built-in name");
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
			find(dotted, scope.file(), number, scope.where(), "is no operator");
			return;
		}
		if (names.size() != namespaceAt + 2) {
			find(dotted, scope.file(), number, scope.where(),
					(names.size() < namespaceAt + 2) ? "is an operator namespace used as a value" : "is no operator");
			return;
		}
		String namespace = names.get(namespaceAt);
		String name = names.get(namespaceAt + 1);
		boolean listed = (namespace.equals("aten") || namespace.equals("prim"))
				&& this.allowList.allows(namespace, name);
		if (!listed) {
			find(namespace + "::" + name + " (" + dotted + ")", scope.file(), number, scope.where(),
					(namespace.equals("aten") || namespace.equals("prim"))
							? "is not on the TorchScript operator allow-list"
							: "is in the custom operator namespace '" + namespace + "', which is never allowed");
		}
	}

	/** A {@code __torch__.…} name: a class or function of the archive's own code. */
	private void archiveName(List<String> names, boolean called, Scope scope, int number) {
		String dotted = String.join(".", names);
		if (classes(dotted)) {
			find(dotted, scope.file(), number, scope.where(),
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
					find(dotted, scope.file(), number, scope.where(), "is an attribute of a function");
				}
				return;
			}
		}
		find(dotted, scope.file(), number, scope.where(), "is defined nowhere in the archive's code");
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
					find(current.simpleName() + "." + name, scope.file(), number, scope.where(),
							"is neither a method nor an attribute of " + current.simpleName());
					return;
				}
				current = current.methods().containsKey(name) ? null : memberType(current, name);
				continue;
			}
			boolean operator = this.allowList.allows("aten", name);
			boolean attribute = !call && this.allowList.allows("attribute", name);
			if (!operator && !attribute) {
				find("aten::" + name + " (" + shownReceiver + "." + name + (call ? "(…)" : "") + ")", scope.file(),
						number, scope.where(), "is not on the TorchScript operator allow-list (a method or attribute "
								+ "of a value runs the operator of that name)");
				return;
			}
		}
	}

	private void checkPickle(String file, byte[] bytes) {
		PickleScan scan;
		try {
			scan = PickleScan.of(bytes);
		}
		catch (ScriptSyntaxException ex) {
			find("an unreadable pickle", file, 0, "", "holds " + ex.getMessage() + " at byte " + ex.line());
			return;
		}
		for (String global : scan.globals()) {
			boolean archiveClass = global.startsWith("__torch__.") && !classes(global)
					&& this.program.scriptClass(global).isPresent();
			if (!archiveClass && !this.allowList.allows("global", global)) {
				find("the class " + global, file, 0, "", "is not one a TorchScript pickle may build");
			}
		}
		if (file.endsWith("bytecode.pkl")) {
			for (String string : scan.strings()) {
				var operator = OPERATOR_NAME.matcher(string);
				boolean listed = operator.matches()
						&& (operator.group(1).equals("aten") || operator.group(1).equals("prim"))
						&& this.allowList.allows(operator.group(1), operator.group(2));
				if ((operator.matches() && !listed) || classes(string)) {
					find(string, file, 0, "", "is not on the TorchScript operator allow-list");
				}
			}
		}
	}

	/**
	 * Whether a qualified name is a native custom class, which libtorch resolves first.
	 */
	private static boolean classes(String qualified) {
		return qualified.equals("__torch__.torch.classes") || qualified.startsWith("__torch__.torch.classes.");
	}

	private void find(String name, String file, int line, String where, String reason) {
		if (this.findings.size() < MAX_FINDINGS) {
			this.findings.add(new Finding(name, file, line, where, reason));
		}
	}

	private static int chainEnd(List<Token> tokens, int start, int to) {
		int end = start + 1;
		while (end + 1 < to && tokens.get(end).is(".") && tokens.get(end + 1).isName()) {
			end += 2;
		}
		return end;
	}

	private static List<String> names(List<Token> tokens, int start, int end) {
		var names = new ArrayList<String>();
		for (int i = start; i < end; i += 2) {
			names.add(tokens.get(i).text());
		}
		return names;
	}

	/** The names of {@code a.b.c}, or null if the tokens are anything else. */
	private static @Nullable List<String> chain(List<Token> tokens) {
		if (tokens.isEmpty() || !tokens.getFirst().isName() || chainEnd(tokens, 0, tokens.size()) != tokens.size()) {
			return null;
		}
		return names(tokens, 0, tokens.size());
	}

	/** The text of a lone string literal without its quotes, or null. */
	private static @Nullable String literal(List<Token> tokens) {
		if (tokens.size() != 1 || tokens.getFirst().type() != ScriptLexer.Type.STRING) {
			return null;
		}
		String text = tokens.getFirst().text();
		return (text.startsWith("\"\"\"") || text.startsWith("'''") || text.contains("\\")) ? null
				: text.substring(1, text.length() - 1);
	}

	/** Splits tokens at the commas outside brackets, dropping a trailing empty part. */
	private static List<List<Token>> split(List<Token> tokens) {
		var parts = new ArrayList<List<Token>>();
		int start = 0;
		while (start < tokens.size()) {
			int comma = ScriptProgram.indexOf(tokens, ",", start);
			int end = (comma < 0) ? tokens.size() : comma;
			parts.add(tokens.subList(start, end));
			start = end + 1;
		}
		return parts;
	}

	/** The index of the bracket that closes the one at {@code open}, or -1. */
	private static int closing(List<Token> tokens, int open) {
		int depth = 0;
		for (int i = open; i < tokens.size(); i++) {
			depth += (tokens.get(i).is("(") || tokens.get(i).is("[") || tokens.get(i).is("{")) ? 1 : 0;
			depth -= (tokens.get(i).is(")") || tokens.get(i).is("]") || tokens.get(i).is("}")) ? 1 : 0;
			if (depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** The index of the bracket that opens the one closing at {@code close}. */
	private static int opening(List<Token> tokens, int close) {
		int depth = 0;
		for (int i = close; i >= 0; i--) {
			depth += (tokens.get(i).is(")") || tokens.get(i).is("]") || tokens.get(i).is("}")) ? 1 : 0;
			depth -= (tokens.get(i).is("(") || tokens.get(i).is("[") || tokens.get(i).is("{")) ? 1 : 0;
			if (depth == 0) {
				return i;
			}
		}
		return 0;
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
	private record Scope(String file, String where, Set<String> bound, Map<String, ScriptClass> classTyped) {

	}

	/**
	 * One name the list does not allow, or text that cannot be checked.
	 *
	 * @param name what is named, e.g. {@code aten::from_file (torch.from_file)}
	 * @param file the file under the archive root, e.g. {@code code/__torch__.py}
	 * @param line the 1-based line, or 0 for a pickle
	 * @param where {@code Class.method} or the function, or empty
	 * @param reason why it is refused
	 */
	record Finding(String name, String file, int line, String where, String reason) {

		/**
		 * E.g.
		 * {@code aten::from_file (torch.from_file) in Evil.forward at code/__torch__.py line 9}.
		 */
		String describe() {
			return this.name + (this.where.isEmpty() ? "" : " in " + this.where) + " at " + this.file
					+ ((this.line > 0) ? " line " + this.line : "") + " " + this.reason;
		}

	}

}
