package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.engine.djl.ScriptLexer.Line;
import io.modelhost.engine.djl.ScriptLexer.Token;

/**
 * Every class and free function of a TorchScript program, by qualified name, as the files
 * under {@code code/} declare them: the symbol table {@link NameResolver} resolves
 * {@code __torch__.*} names and method calls against.
 *
 * <p>
 * A program file holds, at column 0, only {@code class} and {@code def} blocks (and, in
 * archives from old PyTorch, {@code op_version_set = N} and {@code import} lines, which
 * libtorch skips); a class body holds attribute declarations and {@code def} blocks.
 * Anything else is refused. Not thread-safe.
 */
final class ScriptProgram {

	/**
	 * Classes by qualified name, e.g. {@code __torch__.torch.nn.modules.linear.Linear}.
	 */
	private final Map<String, ScriptClass> classes = new LinkedHashMap<>();

	/** Free functions by qualified name. */
	private final Map<String, Function> functions = new LinkedHashMap<>();

	/**
	 * Adds the classes and functions of one file.
	 * @param file the file's path under the archive root, for messages
	 * @param module the module the file holds, e.g. {@code __torch__.torch.nn.modules}
	 * @param lines its logical lines
	 * @throws ScriptSyntaxException if the file holds anything else
	 */
	void add(String file, String module, List<Line> lines) throws ScriptSyntaxException {
		int i = 0;
		while (i < lines.size()) {
			Line line = lines.get(i);
			if (line.indent() != 0) {
				throw new ScriptSyntaxException("an indented line outside any class or function", line.number());
			}
			int end = i + 1;
			while (end < lines.size() && lines.get(end).indent() > 0) {
				end++;
			}
			List<Line> body = lines.subList(i + 1, end);
			String keyword = line.first().text();
			if (line.first().isName() && keyword.equals("class")) {
				addClass(file, module, line, body);
			}
			else if (line.first().isName() && keyword.equals("def")) {
				Function function = new Function(file, module, null, name(line), line, body);
				put(this.functions, module + "." + function.name(), function, line);
			}
			else if (!legacyHeader(line) || !body.isEmpty()) {
				throw new ScriptSyntaxException("a statement outside any class or function", line.number());
			}
			i = end;
		}
	}

	private void addClass(String file, String module, Line header, List<Line> body) throws ScriptSyntaxException {
		String name = name(header);
		var attributes = new LinkedHashMap<String, List<Token>>();
		var declarations = new ArrayList<Line>();
		var methods = new LinkedHashMap<String, Function>();
		int bodyIndent = body.isEmpty() ? 0 : body.getFirst().indent();
		int i = 0;
		while (i < body.size()) {
			Line line = body.get(i);
			if (line.indent() != bodyIndent) {
				throw new ScriptSyntaxException("an indented line outside any method", line.number());
			}
			int end = i + 1;
			while (end < body.size() && body.get(end).indent() > bodyIndent) {
				end++;
			}
			if (line.first().isName() && line.first().text().equals("def")) {
				Function method = new Function(file, module, name, name(line), line, body.subList(i + 1, end));
				put(methods, method.name(), method, line);
			}
			else if (end != i + 1) {
				throw new ScriptSyntaxException("an indented block under a class attribute", line.number());
			}
			else {
				declare(line, attributes);
				declarations.add(line);
			}
			i = end;
		}
		put(this.classes, module + "." + name,
				new ScriptClass(module + "." + name, file, header, attributes, methods, declarations), header);
	}

	/**
	 * Records the attribute a class-body line declares: {@code name : Type},
	 * {@code name : Type = value}, {@code name = value} or
	 * {@code __annotations__["name"] = Type}.
	 */
	private static void declare(Line line, Map<String, List<Token>> attributes) throws ScriptSyntaxException {
		List<Token> tokens = line.tokens();
		Token first = line.first();
		if (tokens.size() == 1 && first.isName() && first.text().equals("pass")) {
			return;
		}
		if (tokens.size() >= 6 && first.isName() && first.text().equals("__annotations__") && tokens.get(1).is("[")
				&& tokens.get(2).type() == ScriptLexer.Type.STRING && tokens.get(3).is("]") && tokens.get(4).is("=")) {
			String quoted = tokens.get(2).text();
			put(attributes, quoted.substring(1, quoted.length() - 1), tokens.subList(5, tokens.size()), line);
			return;
		}
		if (tokens.size() >= 3 && first.isName() && tokens.get(1).is(":")) {
			int equals = ScriptTokens.indexOf(tokens, "=", 2);
			put(attributes, first.text(), tokens.subList(2, (equals < 0) ? tokens.size() : equals), line);
			return;
		}
		if (tokens.size() >= 3 && first.isName() && tokens.get(1).is("=")) {
			put(attributes, first.text(), List.of(), line);
			return;
		}
		throw new ScriptSyntaxException("a class-body line that declares no attribute", line.number());
	}

	/** {@code op_version_set = N} or {@code import a.b}, which libtorch skips. */
	private static boolean legacyHeader(Line line) {
		List<Token> tokens = line.tokens();
		if (tokens.size() == 3 && tokens.get(0).text().equals("op_version_set") && tokens.get(1).is("=")
				&& tokens.get(2).type() == ScriptLexer.Type.NUMBER) {
			return true;
		}
		if (!line.first().text().equals("import") || tokens.size() < 2) {
			return false;
		}
		for (int i = 1; i < tokens.size(); i++) {
			if (!(tokens.get(i).isName() || tokens.get(i).is("."))) {
				return false;
			}
		}
		return true;
	}

	private static String name(Line header) throws ScriptSyntaxException {
		List<Token> tokens = header.tokens();
		if (tokens.size() < 3 || !tokens.get(1).isName() || !tokens.getLast().is(":")) {
			throw new ScriptSyntaxException("a '" + header.first().text() + "' header that cannot be read",
					header.number());
		}
		return tokens.get(1).text();
	}

	private static <V> void put(Map<String, V> map, String key, V value, Line line) throws ScriptSyntaxException {
		if (map.putIfAbsent(key, value) != null) {
			throw new ScriptSyntaxException("'" + key + "' declared twice", line.number());
		}
	}

	Optional<ScriptClass> scriptClass(String qualifiedName) {
		return Optional.ofNullable(this.classes.get(qualifiedName));
	}

	Optional<Function> function(String qualifiedName) {
		return Optional.ofNullable(this.functions.get(qualifiedName));
	}

	Iterable<ScriptClass> classes() {
		return this.classes.values();
	}

	Iterable<Function> functions() {
		return this.functions.values();
	}

	/**
	 * Whether a qualified name is a native custom class ({@code __torch__.torch.classes}
	 * or below it), which libtorch resolves before the program's own classes.
	 */
	static boolean isNativeClass(String qualifiedName) {
		return qualifiedName.equals("__torch__.torch.classes") || qualifiedName.startsWith("__torch__.torch.classes.");
	}

	/**
	 * A class of the program.
	 *
	 * @param qualifiedName e.g. {@code __torch__.torch.nn.modules.linear.Linear}
	 * @param file the file it is in
	 * @param header its {@code class} line
	 * @param attributes every declared attribute with the tokens of its type (empty where
	 * it has none, as for {@code __parameters__ = [...]} or an enum member)
	 * @param methods its methods by name
	 * @param declarations the class-body lines that are not methods
	 */
	record ScriptClass(String qualifiedName, String file, Line header, Map<String, List<Token>> attributes,
			Map<String, Function> methods, List<Line> declarations) {

		ScriptClass {
			attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
			methods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methods));
			declarations = List.copyOf(declarations);
		}

		String simpleName() {
			return this.qualifiedName.substring(this.qualifiedName.lastIndexOf('.') + 1);
		}

		/**
		 * Whether it is declared {@code class Name(Enum)}, whose values have these too.
		 */
		boolean isEnum() {
			List<Token> tokens = this.header.tokens();
			return tokens.size() == 6 && tokens.get(3).text().equals("Enum");
		}

	}

	/**
	 * A method or free function.
	 *
	 * @param file the file it is in
	 * @param module the module that file holds
	 * @param owner the simple name of its class, or null for a free function
	 * @param name its name
	 * @param header its {@code def} line
	 * @param body the lines of its body
	 */
	record Function(String file, String module, @org.jspecify.annotations.Nullable String owner, String name,
			Line header, List<Line> body) {

		Function {
			body = List.copyOf(body);
		}

		/** {@code Class.method}, or the function's name, for messages. */
		String display() {
			return (this.owner != null) ? this.owner + "." + this.name : this.name;
		}

	}

}
