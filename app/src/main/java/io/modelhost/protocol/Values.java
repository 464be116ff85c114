package io.modelhost.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Scalars between Java and JSON. */
final class Values {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private Values() {
	}

	static JsonNode toJson(@Nullable Object value) {
		return switch (value) {
			case null -> NODES.nullNode();
			case Integer i -> NODES.numberNode(i);
			case Long l -> NODES.numberNode(l);
			case Short s -> NODES.numberNode(s);
			case Byte b -> NODES.numberNode(b);
			case Float f -> Float.isFinite(f) ? NODES.numberNode(f.doubleValue()) : NODES.stringNode(f.toString());
			case Double d -> Double.isFinite(d) ? NODES.numberNode(d) : NODES.stringNode(d.toString());
			case BigInteger b -> NODES.numberNode(b);
			case BigDecimal b -> NODES.numberNode(b);
			case Boolean b -> NODES.booleanNode(b);
			default -> NODES.stringNode(value.toString());
		};
	}

	static @Nullable Object fromJson(JsonNode node) {
		if (node.isNull()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		return node.asString();
	}

}
