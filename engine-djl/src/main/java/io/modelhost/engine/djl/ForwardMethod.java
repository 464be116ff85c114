package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The signature of a TorchScript {@code forward} method as its program text prints it,
 * e.g. {@code def forward(self: __torch__.MLP, x: Tensor) -> Tensor:}.
 *
 * @param arguments the arguments after {@code self}, in order
 * @param returnType the declared return type, e.g. {@code Tuple[Tensor, Tensor]}
 */
record ForwardMethod(List<Argument> arguments, String returnType) {

	ForwardMethod {
		arguments = List.copyOf(arguments);
	}

	/**
	 * The {@code forward} method among the lines of a class body, or null if there is
	 * none or its header cannot be read.
	 */
	static @Nullable ForwardMethod find(List<String> body) {
		for (int i = 0; i < body.size(); i++) {
			if (body.get(i).startsWith("  def forward(")) {
				var header = new StringBuilder();
				for (int j = i; j < body.size(); j++) {
					header.append(body.get(j).strip()).append(' ');
					ForwardMethod method = parse(header.toString().strip());
					if (method != null) {
						return method;
					}
				}
				return null;
			}
		}
		return null;
	}

	/**
	 * Parses a complete header, {@code def forward(ARGUMENTS) -> TYPE:}; null if it is
	 * not complete yet.
	 */
	static @Nullable ForwardMethod parse(String header) {
		int open = header.indexOf('(');
		int close = closing(header, open);
		if (open < 0 || close < 0) {
			return null;
		}
		String rest = header.substring(close + 1).strip();
		if (!rest.startsWith("->") || !rest.endsWith(":")) {
			return null;
		}
		List<String> parts = split(header.substring(open + 1, close));
		var arguments = new ArrayList<Argument>();
		for (String part : parts.subList(Math.min(1, parts.size()), parts.size())) {
			int colon = part.indexOf(':');
			if (colon < 0) {
				return null;
			}
			int equals = topLevel(part, '=', colon);
			String type = (equals < 0) ? part.substring(colon + 1) : part.substring(colon + 1, equals);
			arguments.add(new Argument(part.substring(0, colon).strip(), type.strip(), equals >= 0));
		}
		return new ForwardMethod(arguments, rest.substring(2, rest.length() - 1).strip());
	}

	/** The index of the bracket closing the one at {@code open}, or -1. */
	private static int closing(String text, int open) {
		if (open < 0) {
			return -1;
		}
		int depth = 0;
		char quote = 0;
		for (int i = open; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '(' || c == '[') {
				depth++;
			}
			else if ((c == ')' || c == ']') && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** The parts of an argument list between top-level commas. */
	private static List<String> split(String arguments) {
		var parts = new ArrayList<String>();
		int start = 0;
		for (int comma = topLevel(arguments, ',', 0); comma >= 0; comma = topLevel(arguments, ',', start)) {
			parts.add(arguments.substring(start, comma).strip());
			start = comma + 1;
		}
		String last = arguments.substring(start).strip();
		if (!last.isEmpty()) {
			parts.add(last);
		}
		return parts;
	}

	/** The first {@code wanted} at or after {@code from} outside brackets and quotes. */
	private static int topLevel(String text, char wanted, int from) {
		int depth = 0;
		char quote = 0;
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '(' || c == '[') {
				depth++;
			}
			else if (c == ')' || c == ']') {
				depth--;
			}
			else if (c == wanted && depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * One argument of {@code forward}.
	 *
	 * @param name its name, e.g. {@code x}
	 * @param type its TorchScript type, e.g. {@code Tensor} or {@code Optional[Tensor]}
	 * @param hasDefault whether a caller may leave it out
	 */
	record Argument(String name, String type, boolean hasDefault) {

	}

}
