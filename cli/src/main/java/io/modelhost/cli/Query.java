package io.modelhost.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** A query string from the parameters given (absent ones left out). */
final class Query {

	private final Map<String, String> parameters = new LinkedHashMap<>();

	Query with(String name, @Nullable Object value) {
		if (value != null) {
			this.parameters.put(name, value.toString());
		}
		return this;
	}

	@Override
	public String toString() {
		if (this.parameters.isEmpty()) {
			return "";
		}
		return "?" + this.parameters.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
