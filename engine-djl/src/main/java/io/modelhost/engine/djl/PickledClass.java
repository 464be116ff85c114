package io.modelhost.engine.djl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The class a pickle builds first, read from its opening {@code GLOBAL} opcode without
 * unpickling anything: for {@code data.pkl} in a TorchScript archive the root module's
 * class ({@code __torch__.MLP}), in a {@code torch.save} archive
 * {@code collections.OrderedDict} for a state_dict or the author's own class for a
 * pickled module.
 *
 * @param module the module, e.g. {@code __torch__}
 * @param name the class name, e.g. {@code MLP}
 */
record PickledClass(String module, String name) {

	private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final int MAX_NAME = 256;

	/**
	 * The class named by a pickle that starts with {@code PROTO n} (n <= 3) and a
	 * {@code GLOBAL}, as TorchScript and {@code torch.save} (protocol 2) write them.
	 */
	static Optional<PickledClass> first(byte[] pickle) {
		if (pickle.length < 4 || (pickle[0] & 0xff) != 0x80 || pickle[1] < 2 || pickle[1] > 3 || pickle[2] != 'c') {
			return Optional.empty();
		}
		int moduleEnd = newline(pickle, 3);
		int nameEnd = (moduleEnd < 0) ? -1 : newline(pickle, moduleEnd + 1);
		if (nameEnd < 0) {
			return Optional.empty();
		}
		String module = new String(pickle, 3, moduleEnd - 3, StandardCharsets.US_ASCII);
		String name = new String(pickle, moduleEnd + 1, nameEnd - moduleEnd - 1, StandardCharsets.US_ASCII);
		if (!DOTTED_NAME.matcher(module).matches() || !DOTTED_NAME.matcher(name).matches()) {
			return Optional.empty();
		}
		return Optional.of(new PickledClass(module, name));
	}

	private static int newline(byte[] bytes, int from) {
		for (int i = from; i < Math.min(bytes.length, from + MAX_NAME); i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/** The qualified name, e.g. {@code __torch__.MLP}. */
	String qualifiedName() {
		return this.module + "." + this.name;
	}

}
