package io.modelhost.engine.host;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;

/**
 * The binary form of the SPI's values on the pipe between server and worker: signatures,
 * inputs and predictions, written with {@link DataOutput} (big-endian, strings as a
 * length and UTF-8 bytes). Both ends run the same build, so there is no versioning.
 *
 * <p>
 * Every read checks lengths against what the stream can sensibly hold, so that a
 * corrupted or hostile frame fails with an {@link IOException}, not an allocation of
 * gigabytes: the worker's answers are as untrusted as the model it runs.
 */
final class Codec {

	/** Longest string, list or array accepted when reading. */
	static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

	private static final int MAX_SMALL = 1 << 20;

	/**
	 * Most elements of one tensor read (256 MB of FP32): a worker cannot make the server
	 * allocate more by claiming a large shape.
	 */
	static final int MAX_TENSOR_ELEMENTS = 1 << 26;

	// tags of the scalar values that rows, labels and categories hold
	private static final byte NULL = 0;

	private static final byte STRING = 1;

	private static final byte DOUBLE = 2;

	private static final byte FLOAT = 3;

	private static final byte LONG = 4;

	private static final byte INTEGER = 5;

	private static final byte BOOLEAN = 6;

	private Codec() {
	}

	static void writeString(DataOutput out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	static String readString(DataInput in) throws IOException {
		byte[] bytes = new byte[length(in, MAX_LENGTH)];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	static void writeNullableString(DataOutput out, @Nullable String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			writeString(out, value);
		}
	}

	static @Nullable String readNullableString(DataInput in) throws IOException {
		return in.readBoolean() ? readString(in) : null;
	}

	static void writeStrings(DataOutput out, List<String> values) throws IOException {
		out.writeInt(values.size());
		for (String value : values) {
			writeString(out, value);
		}
	}

	static List<String> readStrings(DataInput in) throws IOException {
		int size = length(in, MAX_SMALL);
		var values = new ArrayList<String>(size);
		for (int i = 0; i < size; i++) {
			values.add(readString(in));
		}
		return values;
	}

	/** A length that must be in {@code 0..max}. */
	static int length(DataInput in, int max) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > max) {
			throw new IOException("length out of range: " + length);
		}
		return length;
	}

	static <E extends Enum<E>> E readEnum(DataInput in, E[] values) throws IOException {
		return readEnum(in.readUnsignedByte(), values);
	}

	static <E extends Enum<E>> E readEnum(int ordinal, E[] values) throws IOException {
		if (ordinal >= values.length) {
			throw new IOException("no " + values.getClass().getComponentType().getSimpleName() + " " + ordinal);
		}
		return values[ordinal];
	}

	// --- signatures

	static void writeSignature(DataOutput out, ModelSignature signature) throws IOException {
		switch (signature) {
			case TensorSignature tensors -> {
				out.writeByte(0);
				writeSpecs(out, tensors.inputs());
				writeSpecs(out, tensors.outputs());
			}
			case TabularSignature tabular -> {
				out.writeByte(1);
				out.writeInt(tabular.features().size());
				for (Feature feature : tabular.features()) {
					writeString(out, feature.name());
					out.writeByte(feature.type().ordinal());
					writeValues(out, feature.categories());
					out.writeBoolean(feature.used());
					out.writeBoolean(feature.acceptsMissing());
				}
				writeString(out, tabular.target().name());
				out.writeByte(tabular.target().task().ordinal());
				writeValues(out, tabular.target().classes());
			}
		}
	}

	static ModelSignature readSignature(DataInput in) throws IOException {
		int kind = in.readUnsignedByte();
		return switch (kind) {
			case 0 -> new TensorSignature(readSpecs(in), readSpecs(in));
			case 1 -> {
				int size = length(in, MAX_SMALL);
				var features = new ArrayList<Feature>(size);
				for (int i = 0; i < size; i++) {
					features.add(new Feature(readString(in), readEnum(in, FeatureType.values()), readNonNullValues(in),
							in.readBoolean(), in.readBoolean()));
				}
				yield new TabularSignature(features,
						new Target(readString(in), readEnum(in, Task.values()), readNonNullValues(in)));
			}
			default -> throw new IOException("no signature kind " + kind);
		};
	}

	static void writeSpecs(DataOutput out, List<TensorSpec> specs) throws IOException {
		out.writeInt(specs.size());
		for (TensorSpec spec : specs) {
			writeString(out, spec.name());
			out.writeByte(spec.type().ordinal());
			writeShape(out, spec.shape());
		}
	}

	static List<TensorSpec> readSpecs(DataInput in) throws IOException {
		int size = length(in, MAX_SMALL);
		var specs = new ArrayList<TensorSpec>(size);
		for (int i = 0; i < size; i++) {
			specs.add(new TensorSpec(readString(in), readEnum(in, DataType.values()), readShape(in)));
		}
		return specs;
	}

	private static void writeShape(DataOutput out, List<Long> shape) throws IOException {
		out.writeInt(shape.size());
		for (long dimension : shape) {
			out.writeLong(dimension);
		}
	}

	private static List<Long> readShape(DataInput in) throws IOException {
		int rank = length(in, 64);
		var shape = new ArrayList<Long>(rank);
		for (int i = 0; i < rank; i++) {
			shape.add(in.readLong());
		}
		return shape;
	}

	// --- scalar values

	static void writeValue(DataOutput out, @Nullable Object value) throws IOException {
		switch (value) {
			case null -> out.writeByte(NULL);
			case String string -> {
				out.writeByte(STRING);
				writeString(out, string);
			}
			case Double number -> {
				out.writeByte(DOUBLE);
				out.writeDouble(number);
			}
			case Float number -> {
				out.writeByte(FLOAT);
				out.writeFloat(number);
			}
			case Long number -> {
				out.writeByte(LONG);
				out.writeLong(number);
			}
			case Integer number -> {
				out.writeByte(INTEGER);
				out.writeInt(number);
			}
			case Boolean flag -> {
				out.writeByte(BOOLEAN);
				out.writeBoolean(flag);
			}
			default -> throw new IllegalArgumentException(
					"cannot send a " + value.getClass().getName() + " to or from an engine host");
		}
	}

	static @Nullable Object readValue(DataInput in) throws IOException {
		byte tag = in.readByte();
		return switch (tag) {
			case NULL -> null;
			case STRING -> readString(in);
			case DOUBLE -> in.readDouble();
			case FLOAT -> in.readFloat();
			case LONG -> in.readLong();
			case INTEGER -> in.readInt();
			case BOOLEAN -> in.readBoolean();
			default -> throw new IOException("no value tag " + tag);
		};
	}

	private static void writeValues(DataOutput out, List<?> values) throws IOException {
		out.writeInt(values.size());
		for (Object value : values) {
			writeValue(out, value);
		}
	}

	private static List<Object> readNonNullValues(DataInput in) throws IOException {
		int size = length(in, MAX_SMALL);
		var values = new ArrayList<Object>(size);
		for (int i = 0; i < size; i++) {
			Object value = readValue(in);
			if (value == null) {
				throw new IOException("null where a value is required");
			}
			values.add(value);
		}
		return values;
	}

	// --- inputs and predictions

	static void writeInput(DataOutput out, ModelInput input) throws IOException {
		switch (input) {
			case ModelInput.Rows rows -> {
				out.writeByte(0);
				out.writeInt(rows.rows().size());
				for (@Nullable
				Object[] row : rows.rows()) {
					out.writeInt(row.length);
					for (Object value : row) {
						writeValue(out, value);
					}
				}
			}
			case ModelInput.Tensors tensors -> {
				out.writeByte(1);
				writeTensors(out, tensors.tensors());
			}
		}
	}

	static ModelInput readInput(DataInput in) throws IOException {
		int kind = in.readUnsignedByte();
		return switch (kind) {
			case 0 -> {
				int size = length(in, MAX_LENGTH);
				var rows = new ArrayList<@Nullable Object[]>(Math.min(size, MAX_SMALL));
				for (int i = 0; i < size; i++) {
					@Nullable Object[] row = new Object[length(in, MAX_SMALL)];
					for (int j = 0; j < row.length; j++) {
						row[j] = readValue(in);
					}
					rows.add(row);
				}
				yield new ModelInput.Rows(rows);
			}
			case 1 -> new ModelInput.Tensors(readTensors(in));
			default -> throw new IOException("no input kind " + kind);
		};
	}

	static void writePrediction(DataOutput out, Prediction prediction) throws IOException {
		switch (prediction) {
			case Prediction.Values values -> {
				out.writeByte(0);
				out.writeInt(values.values().size());
				for (Object value : values.values()) {
					writeValue(out, value);
				}
				List<double[]> probabilities = values.probabilities();
				out.writeBoolean(probabilities != null);
				if (probabilities != null) {
					for (double[] row : probabilities) {
						out.writeInt(row.length);
						for (double probability : row) {
							out.writeDouble(probability);
						}
					}
				}
			}
			case Prediction.Tensors tensors -> {
				out.writeByte(1);
				writeTensors(out, tensors.outputs());
			}
		}
	}

	static Prediction readPrediction(DataInput in) throws IOException {
		int kind = in.readUnsignedByte();
		return switch (kind) {
			case 0 -> {
				int size = length(in, MAX_LENGTH);
				var values = new ArrayList<@Nullable Object>(Math.min(size, MAX_SMALL));
				for (int i = 0; i < size; i++) {
					values.add(readValue(in));
				}
				List<double[]> probabilities = null;
				if (in.readBoolean()) {
					probabilities = new ArrayList<>(values.size());
					for (int i = 0; i < size; i++) {
						double[] row = new double[length(in, MAX_SMALL)];
						for (int c = 0; c < row.length; c++) {
							row[c] = in.readDouble();
						}
						probabilities.add(row);
					}
				}
				yield new Prediction.Values(values, probabilities);
			}
			case 1 -> new Prediction.Tensors(readTensors(in));
			default -> throw new IOException("no prediction kind " + kind);
		};
	}

	private static void writeTensors(DataOutput out, Map<String, Tensor> tensors) throws IOException {
		out.writeInt(tensors.size());
		for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
			writeString(out, entry.getKey());
			writeTensor(out, entry.getValue());
		}
	}

	private static Map<String, Tensor> readTensors(DataInput in) throws IOException {
		int size = length(in, MAX_SMALL);
		var tensors = new LinkedHashMap<String, Tensor>();
		for (int i = 0; i < size; i++) {
			tensors.put(readString(in), readTensor(in));
		}
		return tensors;
	}

	static void writeTensor(DataOutput out, Tensor tensor) throws IOException {
		out.writeByte(tensor.type().ordinal());
		writeShape(out, tensor.shape());
		Object data = tensor.data();
		switch (tensor.type()) {
			case BOOL -> {
				for (boolean value : (boolean[]) data) {
					out.writeBoolean(value);
				}
			}
			case INT8, UINT8 -> out.write((byte[]) data);
			case INT16 -> {
				for (short value : (short[]) data) {
					out.writeShort(value);
				}
			}
			case INT32 -> {
				for (int value : (int[]) data) {
					out.writeInt(value);
				}
			}
			case INT64 -> {
				for (long value : (long[]) data) {
					out.writeLong(value);
				}
			}
			case FP32 -> {
				for (float value : (float[]) data) {
					out.writeFloat(value);
				}
			}
			case FP64 -> {
				for (double value : (double[]) data) {
					out.writeDouble(value);
				}
			}
			case BYTES -> {
				for (String value : (String[]) data) {
					writeString(out, value);
				}
			}
		}
	}

	static Tensor readTensor(DataInput in) throws IOException {
		DataType type = readEnum(in, DataType.values());
		List<Long> shape = readShape(in);
		long count = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw new IOException("negative dimension in " + shape);
			}
			count = Math.multiplyExact(count, dimension);
			if (count > MAX_TENSOR_ELEMENTS) {
				throw new IOException("tensor too large: " + shape);
			}
		}
		int size = (int) count;
		Object data = switch (type) {
			case BOOL -> {
				boolean[] values = new boolean[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readBoolean();
				}
				yield values;
			}
			case INT8, UINT8 -> {
				byte[] values = new byte[size];
				in.readFully(values);
				yield values;
			}
			case INT16 -> {
				short[] values = new short[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readShort();
				}
				yield values;
			}
			case INT32 -> {
				int[] values = new int[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readInt();
				}
				yield values;
			}
			case INT64 -> {
				long[] values = new long[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readLong();
				}
				yield values;
			}
			case FP32 -> {
				float[] values = new float[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readFloat();
				}
				yield values;
			}
			case FP64 -> {
				double[] values = new double[size];
				for (int i = 0; i < size; i++) {
					values[i] = in.readDouble();
				}
				yield values;
			}
			case BYTES -> {
				String[] values = new String[size];
				for (int i = 0; i < size; i++) {
					values[i] = readString(in);
				}
				yield values;
			}
		};
		return new Tensor(type, shape, data);
	}

}
