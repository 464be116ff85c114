package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.modelhost.engine.djl.ScriptLexer.Token;
import org.jspecify.annotations.Nullable;

/**
 * The readings of a run of tokens that {@link ScriptProgram}, {@link LocalScope},
 * {@link InstanceTypes} and {@link NameResolver} share: bracket matching, comma-separated
 * parts, dotted name chains, lone string literals and keywords.
 *
 * <p>
 * Tokens are a logical line (whose brackets {@link ScriptLexer} has balanced) or a part
 * of one; indices are into the list passed. Stateless.
 */
final class ScriptTokens {

	/** Names that are never a value, so never a reference to check or a local to bind. */
	private static final Set<String> KEYWORDS = Set.of("if", "elif", "else", "while", "for", "in", "not", "and", "or",
			"is", "return", "pass", "break", "continue", "raise", "assert", "with", "as", "del", "None", "True",
			"False");

	private ScriptTokens() {
	}

	/** Whether the token is a name that is a keyword. */
	static boolean isKeyword(Token token) {
		return token.isName() && KEYWORDS.contains(token.text());
	}

	/**
	 * The index of the first {@code operator} at or after {@code from} at the bracket
	 * depth of {@code from}, or -1.
	 */
	static int indexOf(List<Token> tokens, String operator, int from) {
		int depth = 0;
		for (int i = from; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			if (depth == 0 && token.is(operator)) {
				return i;
			}
			depth += (token.is("(") || token.is("[") || token.is("{")) ? 1 : 0;
			depth -= (token.is(")") || token.is("]") || token.is("}")) ? 1 : 0;
		}
		return -1;
	}

	/**
	 * The end (exclusive) of the chain {@code a.b.c} whose first name is at
	 * {@code start}, not reaching past {@code to}.
	 */
	static int chainEnd(List<Token> tokens, int start, int to) {
		int end = start + 1;
		while (end + 1 < to && tokens.get(end).is(".") && tokens.get(end + 1).isName()) {
			end += 2;
		}
		return end;
	}

	/** The names of the chain in {@code tokens[start, end)}. */
	static List<String> names(List<Token> tokens, int start, int end) {
		var names = new ArrayList<String>();
		for (int i = start; i < end; i += 2) {
			names.add(tokens.get(i).text());
		}
		return names;
	}

	/** The names of {@code a.b.c}, or null if the tokens are anything else. */
	static @Nullable List<String> chain(List<Token> tokens) {
		if (tokens.isEmpty() || !tokens.getFirst().isName() || chainEnd(tokens, 0, tokens.size()) != tokens.size()) {
			return null;
		}
		return names(tokens, 0, tokens.size());
	}

	/** The text of a lone string literal without its quotes, or null. */
	static @Nullable String literal(List<Token> tokens) {
		if (tokens.size() != 1 || tokens.getFirst().type() != ScriptLexer.Type.STRING) {
			return null;
		}
		String text = tokens.getFirst().text();
		return (text.startsWith("\"\"\"") || text.startsWith("'''") || text.contains("\\")) ? null
				: text.substring(1, text.length() - 1);
	}

	/** Splits tokens at the commas outside brackets, dropping a trailing empty part. */
	static List<List<Token>> split(List<Token> tokens) {
		var parts = new ArrayList<List<Token>>();
		int start = 0;
		while (start < tokens.size()) {
			int comma = indexOf(tokens, ",", start);
			int end = (comma < 0) ? tokens.size() : comma;
			parts.add(tokens.subList(start, end));
			start = end + 1;
		}
		return parts;
	}

	/** The index of the bracket that closes the one at {@code open}, or -1. */
	static int closing(List<Token> tokens, int open) {
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
	static int opening(List<Token> tokens, int close) {
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

}
