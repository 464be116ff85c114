package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.engine.djl.ScriptLexer.Token;
import io.modelhost.engine.djl.ScriptProgram.ScriptClass;

/**
 * The local values of one function: every name its parameters and body bind, and which of
 * them are known to hold an instance of one of the archive's classes.
 *
 * <p>
 * Binding is flow-insensitive: a name assigned anywhere in the body ({@code a = ...},
 * {@code a : T = ...}, {@code a, b = ...}, {@code a += ...}, {@code for a in},
 * {@code as a}) is a local throughout it ({@link NameResolver} still checks the
 * compiler's global names as globals, since libtorch resolves a name used before its
 * assignment globally). A local is class-typed only if every one of its bindings is an
 * instance of the same class of the archive (TorchScript refuses to give a variable two
 * types): a parameter or local annotated with that class, or a plain assignment from an
 * expression {@link InstanceTypes} can type. A loop target, an unpacked tuple, an
 * {@code as} target, an augmented assignment or an unannotated parameter makes it
 * unknown. Filled by {@link #parameter} and {@link #bind}, then read; not thread-safe.
 */
final class Locals {

	private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=",
			"<<=", ">>=", "@=");

	/** Every parameter and local of the function. */
	private final Set<String> bound = new HashSet<>();

	/**
	 * For each bound name, every value assigned to it, in order; an empty value is one
	 * whose type cannot be known, and a declared type is recorded as
	 * {@code unchecked_cast(Type, _)}.
	 */
	private final Map<String, List<List<Token>>> assignments = new HashMap<>();

	/** Records a parameter and its annotation (empty if it has none). */
	void parameter(String name, List<Token> type) {
		this.bound.add(name);
		this.assignments.computeIfAbsent(name, (key) -> new ArrayList<>()).add(typeMarker(type));
	}

	/**
	 * Records the names a body line binds, and for a plain {@code name = value} the value
	 * (a type annotation is recorded as {@code annotate(Type, ...)} would be).
	 */
	void bind(List<Token> tokens) {
		Token first = tokens.getFirst();
		if (first.isName() && first.text().equals("for")) {
			int in = ScriptTokens.indexOf(tokens, "in", 1);
			for (int i = 1; i < ((in < 0) ? tokens.size() : in); i++) {
				unknown(tokens.get(i));
			}
			return;
		}
		for (int i = 1; i < tokens.size(); i++) {
			if (tokens.get(i - 1).isName() && tokens.get(i - 1).text().equals("as")) {
				unknown(tokens.get(i));
			}
		}
		if (tokens.size() > 1 && first.isName() && AUGMENTED.contains(tokens.get(1).text())) {
			unknown(first);
			return;
		}
		int equals = ScriptTokens.indexOf(tokens, "=", 0);
		if (equals < 0 || ScriptTokens.isKeyword(first)) {
			return;
		}
		List<Token> value = tokens.subList(equals + 1, tokens.size());
		if (equals == 1 && first.isName()) {
			this.bound.add(first.text());
			this.assignments.computeIfAbsent(first.text(), (key) -> new ArrayList<>()).add(value);
		}
		else if (equals > 2 && first.isName() && tokens.get(1).is(":")) {
			this.bound.add(first.text());
			this.assignments.computeIfAbsent(first.text(), (key) -> new ArrayList<>())
				.add(typeMarker(tokens.subList(2, equals)));
		}
		else {
			for (int i = 0; i < equals; i++) {
				boolean item = (i == 0 || tokens.get(i - 1).is(",")) && (tokens.get(i + 1).is(",") || i + 1 == equals);
				if (item) {
					unknown(tokens.get(i));
				}
			}
		}
	}

	private void unknown(Token token) {
		if (token.isName() && !ScriptTokens.isKeyword(token)) {
			this.bound.add(token.text());
			this.assignments.computeIfAbsent(token.text(), (key) -> new ArrayList<>()).add(List.of());
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

	/** The parameters and locals of the function; the caller must not change it. */
	Set<String> bound() {
		return java.util.Collections.unmodifiableSet(this.bound);
	}

	/**
	 * The locals whose every binding is an instance of the same class of the archive,
	 * found by repeating until nothing changes (a local may be assigned from another).
	 */
	Map<String, ScriptClass> classTyped(InstanceTypes types) {
		var typed = new HashMap<String, ScriptClass>();
		boolean changed = true;
		while (changed) {
			changed = false;
			for (Map.Entry<String, List<List<Token>>> entry : this.assignments.entrySet()) {
				if (typed.containsKey(entry.getKey())) {
					continue;
				}
				ScriptClass common = null;
				boolean all = true;
				for (List<Token> value : entry.getValue()) {
					ScriptClass type = value.isEmpty() ? null : types.typeOf(value, typed);
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

}
