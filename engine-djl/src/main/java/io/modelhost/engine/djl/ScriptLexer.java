package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits TorchScript program text into logical lines of tokens the way Python and
 * TorchScript's own lexer do: string literals (with escapes and triple quotes) are one
 * token whatever they contain, comments are dropped, a line continues after a backslash
 * or inside brackets, and each logical line keeps the column it is indented to.
 *
 * <p>
 * It is stricter than TorchScript where the difference could let a reader and libtorch
 * disagree about what the code says: tabs, form feeds and carriage returns outside string
 * literals, semicolons, and characters that are no Python token are refused rather than
 * guessed at. {@code torch.jit.save} never writes any of them.
 */
final class ScriptLexer {

	private static final List<String> OPERATORS = List.of("**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==",
			"!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%",
			"@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=");

	private static final Set<String> OPENING = Set.of("(", "[", "{");

	private static final Set<String> CLOSING = Set.of(")", "]", "}");

	private final String text;

	private int at;

	private int line = 1;

	private ScriptLexer(String text) {
		this.text = text;
	}

	/**
	 * The logical lines of a program file, blank and comment-only lines left out.
	 * @throws ScriptSyntaxException where the text is no TorchScript this reader trusts
	 * itself to read
	 */
	static List<Line> lines(String text) throws ScriptSyntaxException {
		return new ScriptLexer(text).read();
	}

	private List<Line> read() throws ScriptSyntaxException {
		var lines = new ArrayList<Line>();
		var tokens = new ArrayList<Token>();
		int depth = 0;
		int indent = 0;
		int firstLine = 1;
		boolean lineStart = true;
		while (this.at < this.text.length()) {
			if (lineStart) {
				indent = indentation();
				firstLine = this.line;
				lineStart = false;
				continue;
			}
			char c = this.text.charAt(this.at);
			if (c == ' ') {
				this.at++;
			}
			else if (c == '\n') {
				this.at++;
				this.line++;
				if (depth == 0) {
					if (!tokens.isEmpty()) {
						lines.add(new Line(indent, firstLine, tokens));
						tokens = new ArrayList<>();
					}
					lineStart = true;
				}
			}
			else if (c == '#') {
				while (this.at < this.text.length() && this.text.charAt(this.at) != '\n') {
					this.at++;
				}
			}
			else if (c == '\\') {
				if (this.at + 1 >= this.text.length() || this.text.charAt(this.at + 1) != '\n') {
					throw new ScriptSyntaxException("a backslash outside a string that does not end the line",
							this.line);
				}
				this.at += 2;
				this.line++;
			}
			else if (c == '"' || c == '\'') {
				tokens.add(new Token(Type.STRING, string(c), this.line));
			}
			else if (Character.isDigit(c) || (c == '.' && this.at + 1 < this.text.length()
					&& Character.isDigit(this.text.charAt(this.at + 1)))) {
				tokens.add(new Token(Type.NUMBER, number(), this.line));
			}
			else if (c == '_' || isAsciiLetter(c)) {
				int start = this.at;
				while (this.at < this.text.length() && (this.text.charAt(this.at) == '_'
						|| isAsciiLetter(this.text.charAt(this.at)) || Character.isDigit(this.text.charAt(this.at)))) {
					this.at++;
				}
				tokens.add(new Token(Type.NAME, this.text.substring(start, this.at), this.line));
			}
			else {
				String operator = operator();
				depth += OPENING.contains(operator) ? 1 : 0;
				depth -= CLOSING.contains(operator) ? 1 : 0;
				if (depth < 0) {
					throw new ScriptSyntaxException("'" + operator + "' closes a bracket that was never opened",
							this.line);
				}
				tokens.add(new Token(Type.OPERATOR, operator, this.line));
			}
		}
		if (depth != 0) {
			throw new ScriptSyntaxException("a bracket is never closed", this.line);
		}
		if (!tokens.isEmpty()) {
			lines.add(new Line(indent, firstLine, tokens));
		}
		return lines;
	}

	/** Consumes the spaces that indent a line; returns how many there were. */
	private int indentation() throws ScriptSyntaxException {
		int start = this.at;
		while (this.at < this.text.length() && this.text.charAt(this.at) == ' ') {
			this.at++;
		}
		if (this.at < this.text.length() && "\t\f\r".indexOf(this.text.charAt(this.at)) >= 0) {
			throw new ScriptSyntaxException("a tab, form feed or carriage return", this.line);
		}
		return this.at - start;
	}

	private String string(char quote) throws ScriptSyntaxException {
		int start = this.at;
		int startLine = this.line;
		boolean triple = this.text.startsWith(String.valueOf(quote).repeat(3), this.at);
		this.at += triple ? 3 : 1;
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at);
			if (c == '\\') {
				this.line += (this.at + 1 < this.text.length() && this.text.charAt(this.at + 1) == '\n') ? 1 : 0;
				this.at += 2;
				continue;
			}
			if (c == '\n') {
				if (!triple) {
					throw new ScriptSyntaxException("a string literal that is never closed", startLine);
				}
				this.line++;
			}
			if (c == quote && (!triple || this.text.startsWith(String.valueOf(quote).repeat(3), this.at))) {
				this.at += triple ? 3 : 1;
				return this.text.substring(start, this.at);
			}
			this.at++;
		}
		throw new ScriptSyntaxException("a string literal that is never closed", startLine);
	}

	private String number() {
		int start = this.at;
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at);
			char previous = this.text.charAt(this.at - ((this.at > start) ? 1 : 0));
			boolean exponentSign = (c == '+' || c == '-') && this.at > start && (previous == 'e' || previous == 'E')
					&& !this.text.substring(start, this.at).toLowerCase(java.util.Locale.ROOT).startsWith("0x");
			if (Character.isDigit(c) || isAsciiLetter(c) || c == '_' || c == '.' || exponentSign) {
				this.at++;
			}
			else {
				break;
			}
		}
		return this.text.substring(start, this.at);
	}

	private String operator() throws ScriptSyntaxException {
		for (String operator : OPERATORS) {
			if (this.text.startsWith(operator, this.at)) {
				this.at += operator.length();
				return operator;
			}
		}
		char c = this.text.charAt(this.at);
		String shown = (c >= 0x21 && c < 0x7f) ? "'" + c + "'" : String.format("U+%04X", (int) c);
		throw new ScriptSyntaxException("the character " + shown, this.line);
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/** What a token is. */
	enum Type {

		NAME, NUMBER, STRING, OPERATOR

	}

	/**
	 * One token.
	 *
	 * @param type what it is
	 * @param text its text as written; a string literal keeps its quotes
	 * @param line the 1-based line it starts on
	 */
	record Token(Type type, String text, int line) {

		boolean is(String operator) {
			return this.type == Type.OPERATOR && this.text.equals(operator);
		}

		boolean isName() {
			return this.type == Type.NAME;
		}

	}

	/**
	 * One logical line: a statement, or the header of a block.
	 *
	 * @param indent the column its first token starts at
	 * @param number the 1-based line it starts on
	 * @param tokens its tokens, never empty
	 */
	record Line(int indent, int number, List<Token> tokens) {

		Line {
			tokens = List.copyOf(tokens);
		}

		Token first() {
			return this.tokens.getFirst();
		}

	}

}
