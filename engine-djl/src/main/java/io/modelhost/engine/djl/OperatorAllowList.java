package io.modelhost.engine.djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a TorchScript program may name, read from the plain text resource
 * {@code torchscript-allow-list.txt} beside this class: one {@code kind::name} a line,
 * grouped under {@code #} comments, so that a change to it is a reviewable one-line diff.
 *
 * <p>
 * The kinds are {@code aten} (operators: {@code torch.x(...)}, {@code ops.aten.x(...)}
 * and the method {@code value.x(...)}), {@code prim} ({@code ops.prim.x(...)}),
 * {@code builtin} (names the TorchScript compiler resolves by itself, e.g. {@code len}),
 * {@code type} (names in type annotations), {@code attribute} (properties of a value,
 * e.g. {@code shape}) and {@code global} (classes a pickle in the archive may name, e.g.
 * {@code torch._utils._rebuild_tensor_v2}). Immutable and thread-safe.
 *
 * @param entries the names allowed, by kind
 */
record OperatorAllowList(Map<String, Set<String>> entries) {

	/** The kinds of entry, in the order the resource file lists them. */
	static final List<String> KINDS = List.of("aten", "prim", "builtin", "type", "attribute", "global");

	private static final Pattern ENTRY = Pattern.compile("([a-z]+)::([A-Za-z_][A-Za-z0-9_.]*)");

	private static final OperatorAllowList STANDARD = load();

	OperatorAllowList {
		var copy = new LinkedHashMap<String, Set<String>>();
		entries.forEach((kind, names) -> copy.put(kind, Set.copyOf(names)));
		entries = java.util.Collections.unmodifiableMap(copy);
	}

	/** The list this engine ships with. */
	static OperatorAllowList standard() {
		return STANDARD;
	}

	/**
	 * Reads the resource format: blank lines and {@code #} comments are skipped.
	 * @throws IllegalArgumentException for a line that is no {@code kind::name} of a
	 * known kind, or a name listed twice
	 */
	static OperatorAllowList parse(List<String> lines) {
		var entries = new LinkedHashMap<String, Set<String>>();
		KINDS.forEach((kind) -> entries.put(kind, new LinkedHashSet<>()));
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			var entry = ENTRY.matcher(line);
			if (!entry.matches() || !entries.containsKey(entry.group(1))) {
				throw new IllegalArgumentException("line " + (i + 1) + " is not kind::name: " + line);
			}
			if (!entries.get(entry.group(1)).add(entry.group(2))) {
				throw new IllegalArgumentException("line " + (i + 1) + " lists " + line + " again");
			}
		}
		return new OperatorAllowList(entries);
	}

	boolean allows(String kind, String name) {
		return this.entries.getOrDefault(kind, Set.of()).contains(name);
	}

	/** How many names of a kind are allowed. */
	int count(String kind) {
		return this.entries.getOrDefault(kind, Set.of()).size();
	}

	private static OperatorAllowList load() {
		try (InputStream in = OperatorAllowList.class.getResourceAsStream("torchscript-allow-list.txt")) {
			if (in == null) {
				throw new IllegalStateException("torchscript-allow-list.txt is missing from the engine's jar");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read torchscript-allow-list.txt", ex);
		}
	}

}
