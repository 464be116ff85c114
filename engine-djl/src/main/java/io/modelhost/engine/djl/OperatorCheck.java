package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelhost.engine.djl.NameResolver.Scope;
import io.modelhost.engine.djl.ScriptLexer.Line;
import io.modelhost.engine.djl.ScriptLexer.Token;
import io.modelhost.engine.djl.ScriptProgram.Function;
import io.modelhost.engine.djl.ScriptProgram.ScriptClass;

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
 * <b>Who does what.</b> This class walks the archive's entries and checks what frames the
 * names: class headers, {@code def} headers and pickles. {@link Locals} and
 * {@link InstanceTypes} work out which values are instances of the archive's classes, and
 * {@link NameResolver} resolves and checks every name a line uses; all of them report
 * into this check's findings, of which at most the first 20 are kept.
 *
 * <p>
 * <b>Fail closed.</b> Text the reader does not understand (tabs, semicolons, a statement
 * outside any class, a name defined nowhere, {@code getattr} with a computed name) is
 * refused with its file and line rather than guessed at. Not thread-safe: one instance
 * per archive.
 */
final class OperatorCheck {

	private static final Set<String> CLASS_BASES = Set.of("Module", "NamedTuple", "Enum", "Interface",
			"ModuleInterface");

	private static final Pattern OPERATOR_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*)");

	/** How many findings are reported at most. */
	private static final int MAX_FINDINGS = 20;

	private final OperatorAllowList allowList;

	private final ScriptProgram program = new ScriptProgram();

	private final InstanceTypes types = new InstanceTypes(this.program);

	private final List<Finding> findings = new ArrayList<>();

	private final NameResolver resolver;

	private OperatorCheck(OperatorAllowList allowList) {
		this.allowList = allowList;
		this.resolver = new NameResolver(allowList, this.program, this.types, this::report);
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
				this.resolver.scan(declaration, Math.min(from, declaration.size()), declaration.size(), scope);
			}
			for (Function method : scriptClass.methods().values()) {
				checkFunction(method);
			}
		}
		for (Function function : this.program.functions()) {
			checkFunction(function);
		}
	}

	private void checkFunction(Function function) {
		List<Token> header = function.header().tokens();
		int open = 2;
		int close = (header.size() > open && header.get(open).is("(")) ? ScriptTokens.closing(header, open) : -1;
		if (close < 0) {
			find("unreadable program text", function.file(), function.header().number(), function.display(),
					"holds a def header that cannot be read");
			return;
		}
		var locals = new Locals();
		for (List<Token> parameter : ScriptTokens.split(header.subList(open + 1, close))) {
			if (parameter.isEmpty() || !parameter.getFirst().isName()) {
				find("unreadable program text", function.file(), function.header().number(), function.display(),
						"holds a parameter that cannot be read");
				return;
			}
			int equals = ScriptTokens.indexOf(parameter, "=", 1);
			boolean annotated = parameter.size() > 1 && parameter.get(1).is(":");
			List<Token> type = annotated ? parameter.subList(2, (equals < 0) ? parameter.size() : equals) : List.of();
			locals.parameter(parameter.getFirst().text(), type);
		}
		for (Line line : function.body()) {
			locals.bind(line.tokens());
		}
		var scope = new Scope(function.file(), function.display(), locals.bound(), locals.classTyped(this.types));
		this.resolver.scan(header, 2, header.size(), scope);
		for (Line line : function.body()) {
			this.resolver.scan(line.tokens(), 0, line.tokens().size(), scope);
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
			boolean archiveClass = global.startsWith("__torch__.") && !ScriptProgram.isNativeClass(global)
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
				if ((operator.matches() && !listed) || ScriptProgram.isNativeClass(string)) {
					find(string, file, 0, "", "is not on the TorchScript operator allow-list");
				}
			}
		}
	}

	private void find(String name, String file, int line, String where, String reason) {
		report(new Finding(name, file, line, where, reason));
	}

	private void report(Finding finding) {
		if (this.findings.size() < MAX_FINDINGS) {
			this.findings.add(finding);
		}
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
