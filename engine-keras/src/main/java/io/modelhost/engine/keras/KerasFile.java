package io.modelhost.engine.keras;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Keras HDF5 file opened with jhdf (pure Java): the root attributes
 * {@code model_config} and {@code keras_version}, and the weights under
 * {@code model_weights/<layer>/}.
 *
 * <p>
 * Nothing is read that the model does not name, no HDF5 link is followed (Keras never
 * writes one, and an external link would open another file), and the weights read may not
 * add up to more than a budget, checked from each dataset's metadata before its data is
 * read. Not thread-safe; used by one admission or load at a time, then closed.
 */
final class KerasFile implements AutoCloseable {

	/** The longest model_config accepted, in characters. */
	static final int MAX_CONFIG_LENGTH = 64 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HINT = "Check that the file is complete and loads in Keras with "
			+ "keras.models.load_model";

	private static final String SAVE_HINT = "Save the whole model (architecture and weights) with model.save('model.h5')";

	private final HdfFile hdf;

	/** Bytes of weight data that may still be read. */
	private long budget;

	private KerasFile(HdfFile hdf, long budget) {
		this.hdf = hdf;
		this.budget = budget;
	}

	/**
	 * Opens a file.
	 * @param maxWeightBytes the most bytes of weights (as stored, uncompressed) to read
	 * @throws ModelRejectedException if it is not a readable HDF5 file
	 */
	static KerasFile open(Path file, long maxWeightBytes) {
		try {
			return new KerasFile(new HdfFile(file), maxWeightBytes);
		}
		catch (RuntimeException ex) {
			throw broken(ex);
		}
	}

	/**
	 * The parsed {@code model_config}.
	 * @throws ModelRejectedException if the file holds no Keras model, only weights, or a
	 * Keras 1 model
	 */
	JsonNode modelConfig() {
		try {
			String config = text(this.hdf.getAttribute("model_config"));
			if (config == null) {
				boolean weightsOnly = this.hdf.getAttribute("layer_names") != null
						|| this.hdf.getChild("model_weights") != null;
				throw weightsOnly
						? ModelRejectedException.unsupported(Phase.VALIDATE,
								"The file holds only weights (saved with model.save_weights), not a model", SAVE_HINT)
						: ModelRejectedException.unsupported(Phase.VALIDATE,
								"The file is an HDF5 file without a Keras model_config, so it is not a Keras model",
								SAVE_HINT);
			}
			String version = kerasVersion();
			if (version.startsWith("1.")) {
				throw ModelRejectedException.unsupported(Phase.VALIDATE,
						"The model was saved by Keras " + SafeName.of(version) + "; only Keras 2 models are supported",
						"Load it in Keras 2 and save it again with model.save('model.h5')");
			}
			return JSON.readTree(config);
		}
		catch (JacksonException ex) {
			throw ModelRejectedException.invalid(Phase.LOAD, "The model_config is not valid JSON", HINT, ex);
		}
		catch (ModelRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw broken(ex);
		}
	}

	/** The Keras version that wrote the file, or an empty string. */
	String kerasVersion() {
		String version = text(this.hdf.getAttribute("keras_version"));
		return (version != null) ? version.strip() : "";
	}

	/**
	 * The weights Keras stored for a top-level layer (for a nested model, those of all
	 * its layers): the datasets its {@code weight_names} attribute lists, in that order.
	 * @throws ModelRejectedException if they cannot be read or exceed the budget
	 */
	LayerWeights weights(LayerConfig layer) {
		try {
			Node root = child(this.hdf, "model_weights");
			Node group = (root instanceof Group weightsGroup) ? child(weightsGroup, layer.name()) : null;
			if (!(group instanceof Group layerGroup)) {
				return LayerWeights.none(layer.describe());
			}
			var weights = new ArrayList<LayerWeights.Weight>();
			for (String name : weightNames(layerGroup)) {
				Node node = layerGroup;
				for (String part : name.split("/")) {
					node = (node instanceof Group parent) ? child(parent, part) : null;
				}
				if (!(node instanceof Dataset dataset)) {
					throw layer.invalid("lists weight '" + SafeName.of(name) + "' that the file does not hold");
				}
				weights.add(read(layer, name, dataset));
			}
			return new LayerWeights(layer.describe(), weights);
		}
		catch (ModelRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw broken(ex);
		}
	}

	private static List<String> weightNames(Group group) {
		Attribute attribute = group.getAttribute("weight_names");
		if (attribute != null && attribute.getData() instanceof String[] names) {
			return List.of(names);
		}
		if (attribute != null && attribute.getData() instanceof String name) {
			return List.of(name);
		}
		return List.of();
	}

	private LayerWeights.Weight read(LayerConfig layer, String name, Dataset dataset) {
		int[] shape = dataset.getDimensions();
		long elements;
		try {
			elements = NdArray.elements(shape);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw layer.invalid("weight '" + SafeName.of(name) + "' is too large");
		}
		long bytes = dataset.getSizeInBytes();
		this.budget -= Math.max(bytes, elements);
		if (this.budget < 0) {
			throw ModelRejectedException.tooLarge(Phase.LOAD,
					"The model's weights add up to more than the size limit allows");
		}
		double[] data = switch (dataset.getDataFlat()) {
			case float[] values -> widen(values);
			case double[] values -> values;
			case int[] values -> java.util.Arrays.stream(values).asDoubleStream().toArray();
			case long[] values -> java.util.Arrays.stream(values).asDoubleStream().toArray();
			default -> throw layer.invalid("weight '" + SafeName.of(name) + "' is not numeric");
		};
		if (data.length != elements) {
			throw layer.invalid("weight '" + SafeName.of(name) + "' holds fewer values than its shape says");
		}
		return new LayerWeights.Weight(name, shape, data);
	}

	private static double[] widen(float[] values) {
		double[] wide = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			wide[i] = values[i];
		}
		return wide;
	}

	/**
	 * A child of a group, refusing HDF5 links: an external one would open another file.
	 */
	private static @Nullable Node child(Group group, String name) {
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			return null;
		}
		Node node = group.getChildren().get(name);
		if (node != null && node.isLink()) {
			throw ModelRejectedException.unsupported(Phase.VALIDATE,
					"The file holds HDF5 links, which Keras never writes; they are not followed",
					"Save the model again with model.save('model.h5')");
		}
		return node;
	}

	/** A string attribute's value, whichever way h5py stored it, or null. */
	private static @Nullable String text(@Nullable Attribute attribute) {
		if (attribute == null) {
			return null;
		}
		if (attribute.getSizeInBytes() > MAX_CONFIG_LENGTH) {
			throw ModelRejectedException.tooLarge(Phase.LOAD,
					"The model_config is longer than " + MAX_CONFIG_LENGTH / (1024 * 1024) + " MB");
		}
		Object data = attribute.getData();
		String text = switch (data) {
			case String value -> value;
			case String[] values when values.length == 1 -> values[0];
			case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
			default -> null;
		};
		if (text != null && text.length() > MAX_CONFIG_LENGTH) {
			throw ModelRejectedException.tooLarge(Phase.LOAD,
					"The model_config is longer than " + MAX_CONFIG_LENGTH / (1024 * 1024) + " MB");
		}
		return text;
	}

	private static ModelRejectedException broken(RuntimeException ex) {
		// only jhdf's own messages are meant for people; others name classes
		String detail = (ex instanceof HdfException) ? ": " + SafeText.describe(ex) : " (it is damaged or truncated)";
		return ModelRejectedException.invalid(Phase.LOAD, "The file is not a readable HDF5 file" + detail, HINT, ex);
	}

	@Override
	public void close() {
		this.hdf.close();
	}

}
