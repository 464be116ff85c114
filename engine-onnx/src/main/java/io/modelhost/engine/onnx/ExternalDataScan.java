package io.modelhost.engine.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Finds tensors that keep their data outside the model file ({@code TensorProto} with
 * {@code data_location = EXTERNAL} or {@code external_data} entries).
 *
 * <p>
 * ONNX Runtime would open such a file by a path the model names, which could point
 * anywhere. The scan streams through the file and descends only into messages that can
 * hold tensors (graphs, nodes, attributes, functions, training info, sparse tensors);
 * everything else is skipped unread.
 */
final class ExternalDataScan {

	/**
	 * How deep subgraphs may nest; deeper files are refused rather than overflow the
	 * stack.
	 */
	static final int MAX_DEPTH = 64;

	private static final int TENSOR_EXTERNAL_DATA = 13;

	private static final int TENSOR_DATA_LOCATION = 14;

	private static final int LOCATION_EXTERNAL = 1;

	private ExternalDataScan() {
	}

	/**
	 * Whether any tensor of the model refers to external data.
	 * @throws WireFormatException if the file is not a well-formed ONNX model
	 * @throws IOException if the file cannot be read
	 */
	static boolean foundIn(Path model) throws IOException {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(model))) {
			var wire = new WireInput(in, Files.size(model));
			return scan(wire, Message.MODEL, wire.size(), 0);
		}
	}

	private static boolean scan(WireInput in, Message message, long end, int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new WireFormatException("messages nest deeper than " + MAX_DEPTH);
		}
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (message == Message.TENSOR && field == TENSOR_EXTERNAL_DATA) {
				return true;
			}
			if (message == Message.TENSOR && field == TENSOR_DATA_LOCATION && wireType == WireInput.VARINT) {
				if (in.readVarint(end) == LOCATION_EXTERNAL) {
					return true;
				}
				continue;
			}
			Message child = message.child(field);
			if (child != null && wireType == WireInput.LENGTH_DELIMITED) {
				if (scan(in, child, in.readEnd(end), depth + 1)) {
					return true;
				}
			}
			else {
				in.skipValue(wireType, end);
			}
		}
		return false;
	}

	/** The ONNX messages that can lead to a tensor, with the fields that do. */
	private enum Message {

		MODEL, TRAINING_INFO, FUNCTION, GRAPH, NODE, ATTRIBUTE, SPARSE_TENSOR, TENSOR;

		@Nullable Message child(int field) {
			return switch (this) {
				// graph, training_info, functions
				case MODEL -> switch (field) {
					case 7 -> GRAPH;
					case 20 -> TRAINING_INFO;
					case 25 -> FUNCTION;
					default -> null;
				};
				// initialization, algorithm
				case TRAINING_INFO -> (field == 1 || field == 2) ? GRAPH : null;
				// node, attribute_proto (default attribute values)
				case FUNCTION -> switch (field) {
					case 7 -> NODE;
					case 11 -> ATTRIBUTE;
					default -> null;
				};
				// node, initializer, sparse_initializer
				case GRAPH -> switch (field) {
					case 1 -> NODE;
					case 5 -> TENSOR;
					case 15 -> SPARSE_TENSOR;
					default -> null;
				};
				// attribute
				case NODE -> (field == 5) ? ATTRIBUTE : null;
				// t, g, tensors, graphs, sparse_tensor, sparse_tensors
				case ATTRIBUTE -> switch (field) {
					case 5, 10 -> TENSOR;
					case 6, 11 -> GRAPH;
					case 22, 23 -> SPARSE_TENSOR;
					default -> null;
				};
				// values, indices
				case SPARSE_TENSOR -> (field == 1 || field == 2) ? TENSOR : null;
				case TENSOR -> null;
			};
		}

	}

}
