package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.modelhost.engine.DataType;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * The inputs an uploader declared, kept beside the served file so that a later load uses
 * them again: one line per input, {@code name<TAB>datatype<TAB>d0,d1,…}.
 */
final class DeclaredInputsFile {

	static final String NAME = "torchscript-inputs.txt";

	private DeclaredInputsFile() {
	}

	static void write(Path directory, List<TensorSpec> inputs) throws IOException {
		var lines = new ArrayList<String>();
		for (TensorSpec input : inputs) {
			lines.add(input.name() + "\t" + input.type() + "\t"
					+ String.join(",", input.shape().stream().map(String::valueOf).toList()));
		}
		Files.write(directory.resolve(NAME), lines);
	}

	/** The inputs declared for the served file, or none. */
	static List<TensorSpec> read(Path servedFile) throws IOException {
		Path file = servedFile.resolveSibling(NAME);
		if (!Files.isRegularFile(file)) {
			return List.of();
		}
		var inputs = new ArrayList<TensorSpec>();
		for (String line : Files.readAllLines(file)) {
			String[] fields = line.split("\t");
			if (fields.length != 3) {
				throw new IOException("malformed line in " + NAME);
			}
			List<Long> shape = Arrays.stream(fields[2].split(",")).map(Long::parseLong).toList();
			inputs.add(new TensorSpec(fields[0], DataType.valueOf(fields[1]), shape));
		}
		return inputs;
	}

}
