package io.modelhost.analysis.internal;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Class labels as text, so that a dataset's labels and a model's answers compare however
 * each typed them: the integer 2, the number 2.0 and the text "2" are one label; booleans
 * are {@code true} and {@code false}.
 */
final class Labels {

	private Labels() {
	}

	/** A dataset value's label. */
	static String of(Object value) {
		return switch (value) {
			case Long number -> Long.toString(number);
			case Integer number -> Integer.toString(number);
			case Double number -> number(number);
			case Number number -> number(number.doubleValue());
			default -> value.toString();
		};
	}

	/** A model answer's label, or null for no answer. */
	static @Nullable String of(JsonNode value) {
		if (value.isNull() || value.isMissingNode()) {
			return null;
		}
		if (value.isNumber()) {
			return value.isIntegralNumber() ? value.bigIntegerValue().toString() : number(value.doubleValue());
		}
		return value.asString();
	}

	private static String number(double number) {
		if (!Double.isFinite(number)) {
			return Double.toString(number);
		}
		return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
	}

}
