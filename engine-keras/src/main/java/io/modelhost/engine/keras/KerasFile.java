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
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.PipelineFilterWithData;
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
 * writes one, and an external link would open another file), and the weights may not add
 * up to more than a budget counted as they will sit on the heap (8 bytes an element, see
 * {@link #WIDENED_ELEMENT_BYTES}), checked from HDF5 metadata for the whole model before
 * any weight is read: a few kilobytes declaring a dataset of billions of fill values
 * never reach an allocation. Chunked datasets are decoded one bounded chunk at a time
 * ({@link BoundedDeflate}). Not thread-safe; used by one admission or load at a time,
 * then closed.
 */
final class KerasFile implements AutoCloseable {

	/** The longest model_config accepted, in characters. */
	static final int MAX_CONFIG_LENGTH = 64 * 1024 * 1024;

	/**
	 * Heap bytes each weight element takes once read: the interpreter computes in double
	 * precision, so a float32 weight doubles in size.
	 */
	static final int WIDENED_ELEMENT_BYTES = Double.BYTES;

	/**
	 * The largest chunk of a chunked dataset decoded, in bytes. Keras writes no chunked
	 * datasets; h5py's own chunking stays under 1 MiB.
	 */
	static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;

	/**
	 * The filters a dataset may use: deflate, shuffle and Fletcher-32, as h5py writes.
	 */
	private static final java.util.Set<Integer> FILTERS = java.util.Set.of(BoundedDeflate.ID, 2, 3);

	static {
		// jhdf's own deflate inflates a chunk without any bound; ours stops at
		// MAX_CHUNK_BYTES. The registry is jhdf's, shared by the process.
		FilterManager.addFilter(new BoundedDeflate(MAX_CHUNK_BYTES));
	}

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
	 * @param maxWeightBytes the most heap bytes the weights may take once read (8 an
	 * element)
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
				Dataset dataset = dataset(layerGroup, name);
				if (dataset == null) {
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

	/**
	 * Checks, from HDF5 metadata alone, every weight that any layer group lists: its
	 * declared shape, its element type, its storage, and the heap they take together once
	 * read, before a single weight is read.
	 * @param maxBytes the most heap bytes the weights may take
	 * @throws ModelRejectedException {@link ModelRejectedException.Kind#TOO_LARGE} naming
	 * the size and the limit if they take more
	 */
	void requireWeightsWithin(long maxBytes) {
		try {
			if (!(child(this.hdf, "model_weights") instanceof Group root)) {
				return;
			}
			long total = 0;
			String largest = "";
			Dataset largestDataset = null;
			long largestBytes = -1;
			for (String layerName : root.getChildren().keySet()) {
				if (!(child(root, layerName) instanceof Group layerGroup)) {
					continue;
				}
				for (String name : weightNames(layerGroup)) {
					Dataset dataset = dataset(layerGroup, name);
					if (dataset == null) {
						continue; // reported when the layer is built
					}
					long bytes = declaredBytes(name, dataset);
					total = (Long.MAX_VALUE - total < bytes) ? Long.MAX_VALUE : total + bytes;
					if (bytes > largestBytes) {
						largest = name;
						largestDataset = dataset;
						largestBytes = bytes;
					}
				}
			}
			if (total > maxBytes) {
				throw ModelRejectedException.tooLarge(Phase.SCAN,
						"The model's weights take " + total
								+ " bytes once read as 64-bit floats, more than the limit of " + maxBytes
								+ " bytes; the largest, '" + SafeName.of(largest) + "', takes " + largestBytes);
			}
		}
		catch (ModelRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw broken(ex);
		}
	}

	/**
	 * The heap bytes a dataset takes once read, from its declared shape, after checking
	 * that its type and storage can be read within bounds.
	 */
	private static long declaredBytes(String name, Dataset dataset) {
		long[] shape = dataset.getDimensionsAsLong();
		long most = Long.MAX_VALUE / WIDENED_ELEMENT_BYTES;
		long elements = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw weightInvalid(name, "has a negative dimension");
			}
			elements = (dimension != 0 && elements > most / dimension) ? most : elements * dimension;
		}
		Class<?> type = dataset.getJavaType();
		if (type != float.class && type != double.class && type != int.class && type != long.class) {
			throw weightInvalid(name, "is not numeric");
		}
		if (dataset instanceof ChunkedDataset chunked) {
			long chunkBytes = dataset.getDataType().getSize();
			for (int dimension : chunked.getChunkDimensions()) {
				chunkBytes *= Math.max(dimension, 0);
				if (chunkBytes > MAX_CHUNK_BYTES) {
					throw ModelRejectedException.tooLarge(Phase.SCAN, "Weight '" + SafeName.of(name) + "' is stored in "
							+ "chunks of more than " + MAX_CHUNK_BYTES + " bytes, the largest chunk read");
				}
			}
			for (PipelineFilterWithData filter : chunked.getFilters()) {
				if (!FILTERS.contains(filter.getId())) {
					throw ModelRejectedException.unsupported(Phase.SCAN,
							"Weight '" + SafeName.of(name) + "' is compressed with HDF5 filter "
									+ SafeName.of(filter.getName()) + ", which Keras never uses",
							"Save the model again with model.save('model.h5')");
				}
			}
		}
		return elements * WIDENED_ELEMENT_BYTES;
	}

	/** Refuses a weight of more elements than one Java array holds. */
	private static void requireOneArray(String name, Dataset dataset, long bytes) {
		if (bytes / WIDENED_ELEMENT_BYTES > NdArray.MAX_ELEMENTS) {
			throw ModelRejectedException.tooLarge(Phase.SCAN,
					"Weight '" + SafeName.of(name) + "' declares shape "
							+ java.util.Arrays.toString(dataset.getDimensionsAsLong()) + ", more than "
							+ NdArray.MAX_ELEMENTS + " elements (the most one array can hold)");
		}
	}

	private static ModelRejectedException weightInvalid(String name, String detail) {
		return ModelRejectedException.invalid(Phase.LOAD, "Weight '" + SafeName.of(name) + "' " + detail, HINT, null);
	}

	/** The dataset at a path relative to a group, or null. */
	private static @Nullable Dataset dataset(Group group, String path) {
		Node node = group;
		for (String part : path.split("/")) {
			node = (node instanceof Group parent) ? child(parent, part) : null;
		}
		return (node instanceof Dataset dataset) ? dataset : null;
	}

	private static List<String> weightNames(Group group) {
		Attribute attribute = group.getAttribute("weight_names");
		if (attribute != null && attribute.getSizeInBytes() > MAX_CONFIG_LENGTH) {
			throw ModelRejectedException.tooLarge(Phase.SCAN,
					"A layer's weight_names is longer than " + MAX_CONFIG_LENGTH / (1024 * 1024) + " MB");
		}
		if (attribute != null && attribute.getData() instanceof String[] names) {
			return List.of(names);
		}
		if (attribute != null && attribute.getData() instanceof String name) {
			return List.of(name);
		}
		return List.of();
	}

	private LayerWeights.Weight read(LayerConfig layer, String name, Dataset dataset) {
		// checked again here: a layer may list a dataset twice, or the file may be read
		// without requireWeightsWithin
		long bytes = declaredBytes(name, dataset);
		requireOneArray(name, dataset, bytes);
		int[] shape = dataset.getDimensions();
		long elements = bytes / WIDENED_ELEMENT_BYTES;
		this.budget -= bytes;
		if (this.budget < 0) {
			throw ModelRejectedException.tooLarge(Phase.LOAD,
					"The model's weights add up to more than the size limit allows");
		}
		double[] data = switch (data(dataset)) {
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

	/** A dataset's elements, a chunk that inflates past its size refused as too large. */
	private static Object data(Dataset dataset) {
		try {
			return dataset.getDataFlat();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof BoundedDeflate.ChunkTooLargeException tooLarge) {
					throw ModelRejectedException.tooLarge(Phase.LOAD,
							"A compressed chunk of weight data inflates to more than " + tooLarge.limit()
									+ " bytes, more than any chunk the file declares");
				}
			}
			throw ex;
		}
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
