package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.engine.ModelRejectedException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The program text of a TorchScript archive: the Python-like files under {@code code/}
 * that {@code torch.jit.save} writes, read as text (never run) to learn the root module's
 * {@code forward} signature and the type of each submodule.
 *
 * <p>
 * TorchScript prints every module class into the file of its qualified name
 * ({@code __torch__.torch.nn.modules.linear.Linear} in
 * {@code code/__torch__/torch/nn/modules/linear.py}), with its attributes typed: <pre>
 * class MLP(Module):
 *   net : __torch__.torch.nn.modules.container.Sequential
 *   def forward(self: __torch__.MLP,
 *     x: Tensor) -&gt; Tensor:
 * </pre> Not thread-safe: files are parsed once and kept.
 */
final class ScriptCode {

	/** Program files longer than this are not read. */
	static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

	private static final Pattern CLASS = Pattern.compile("class (\\w+)\\(.*\\):\\s*");

	private static final Pattern ATTRIBUTE = Pattern.compile(" {2}(\\w+) : (\\S.*?)\\s*");

	private static final Pattern ANNOTATION = Pattern.compile(" {2}__annotations__\\[\"([^\"]+)\"] = (\\S.*?)\\s*");

	private static final Pattern MANGLE = Pattern.compile("___torch_mangle_\\d+\\.");

	private final TorchArchive archive;

	/** Parsed classes by qualified name, filled file by file. */
	private final Map<String, ScriptClass> classes = new HashMap<>();

	ScriptCode(TorchArchive archive) {
		this.archive = archive;
	}

	/**
	 * The root module's class, named by the first opcode of {@code data.pkl}.
	 * @throws ArchiveFormatException if the archive has no such class
	 */
	ScriptClass root() throws IOException {
		PickledClass root = PickledClass.first(this.archive.read("data.pkl", 1024))
			.filter((pickled) -> pickled.module().startsWith("__torch__"))
			.orElseThrow(() -> invalid("The archive's data.pkl does not start with a TorchScript module"));
		return scriptClass(root.qualifiedName())
			.orElseThrow(() -> invalid("The archive has no code for its root module " + root.name()));
	}

	/**
	 * The type of the module reached from {@code from} by following dotted attribute
	 * names (e.g. {@code net.0}), or empty where the code does not say.
	 */
	Optional<String> typeOf(ScriptClass from, List<String> path) throws IOException {
		ScriptClass current = from;
		for (String attribute : path) {
			String type = current.attributes().get(attribute);
			if (type == null) {
				return Optional.empty();
			}
			Optional<ScriptClass> next = scriptClass(type);
			if (next.isEmpty()) {
				return Optional.empty();
			}
			current = next.get();
		}
		return Optional.of(current.qualifiedName());
	}

	/**
	 * A module type as PyTorch names it, without the {@code __torch__.} prefix and the
	 * {@code ___torch_mangle_N} segments TorchScript adds to tell apart classes of the
	 * same name: {@code torch.nn.modules.linear.Linear}.
	 */
	static String plainType(String qualifiedName) {
		String plain = MANGLE.matcher(qualifiedName).replaceAll("");
		return plain.startsWith("__torch__.") ? plain.substring("__torch__.".length()) : plain;
	}

	private Optional<ScriptClass> scriptClass(String qualifiedName) throws IOException {
		ScriptClass known = this.classes.get(qualifiedName);
		if (known != null) {
			return Optional.of(known);
		}
		int dot = qualifiedName.lastIndexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		String module = qualifiedName.substring(0, dot);
		String file = "code/" + module.replace('.', '/') + ".py";
		Optional<ArchiveEntry> entry = this.archive.entry(file);
		if (entry.isEmpty()) {
			return Optional.empty();
		}
		if (entry.get().size() > MAX_FILE_BYTES) {
			throw new ArchiveFormatException(Kind.UNSUPPORTED,
					"The model's program file " + file + " is longer than " + MAX_FILE_BYTES + " bytes");
		}
		String text = new String(this.archive.read(file, MAX_FILE_BYTES), StandardCharsets.UTF_8);
		for (ScriptClass parsed : parse(module, text)) {
			this.classes.putIfAbsent(parsed.qualifiedName(), parsed);
		}
		return Optional.ofNullable(this.classes.get(qualifiedName));
	}

	/** Every top-level class in one program file of the given module. */
	static List<ScriptClass> parse(String module, String text) {
		var parsed = new ArrayList<ScriptClass>();
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			Matcher header = CLASS.matcher(lines.get(i));
			if (!header.matches()) {
				continue;
			}
			var body = new ArrayList<String>();
			for (int j = i + 1; j < lines.size() && (lines.get(j).isBlank() || lines.get(j).startsWith(" ")); j++) {
				body.add(lines.get(j));
			}
			var attributes = new LinkedHashMap<String, String>();
			for (String line : body) {
				Matcher attribute = ATTRIBUTE.matcher(line);
				Matcher annotation = ANNOTATION.matcher(line);
				if (attribute.matches()) {
					attributes.put(attribute.group(1), attribute.group(2));
				}
				else if (annotation.matches()) {
					attributes.put(annotation.group(1), annotation.group(2));
				}
			}
			parsed.add(new ScriptClass(module + "." + header.group(1), attributes, ForwardMethod.find(body)));
		}
		return parsed;
	}

	private static ArchiveFormatException invalid(String message) {
		return new ArchiveFormatException(Kind.INVALID, message);
	}

	/**
	 * A class of the program.
	 *
	 * @param qualifiedName e.g. {@code __torch__.torch.nn.modules.linear.Linear}
	 * @param attributes the typed attributes and submodules by name
	 * @param forward its {@code forward} method, or null if it has none
	 */
	record ScriptClass(String qualifiedName, Map<String, String> attributes, @Nullable ForwardMethod forward) {

		ScriptClass {
			attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		}

	}

}
