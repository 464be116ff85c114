package io.modelhost.engine.onnx;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * What the top-level fields of an ONNX {@code ModelProto} say about a file.
 *
 * <p>
 * ONNX has no magic number, so a file counts as ONNX only when every top-level field is
 * one that {@code ModelProto} defines, with the wire type it defines, {@code ir_version}
 * is plausible, a {@code graph} is present and the last field ends exactly where the file
 * does. Nested messages are skipped unread.
 *
 * @param irVersion the ONNX IR version the model targets
 * @param producerName the tool that wrote the model, or null
 * @param producerVersion that tool's version, or null
 */
record OnnxHeader(long irVersion, @Nullable String producerName, @Nullable String producerVersion) {

	/** The highest plausible IR version: ONNX wrote 14 in 2026, leaving room to grow. */
	static final long MAX_IR_VERSION = 20;

	/** Producer strings longer than this are not worth showing. */
	private static final int MAX_PRODUCER_BYTES = 128;

	/**
	 * Reads the top-level fields of a whole file.
	 * @param in the file from its first byte, bounded by its size
	 * @return the header
	 * @throws WireFormatException if the bytes are not an ONNX model
	 * @throws java.io.EOFException if the stream ends before the size it was given
	 */
	static OnnxHeader read(WireInput in) throws IOException {
		long end = in.size();
		long irVersion = -1;
		boolean hasGraph = false;
		String producerName = null;
		String producerVersion = null;
		for (int tag = in.readTag(end); tag != -1; tag = in.readTag(end)) {
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (wireType != wireTypeOf(field)) {
				throw new WireFormatException("field " + field + " with wire type " + wireType + " is not ModelProto");
			}
			switch (field) {
				case 1 -> irVersion = in.readVarint(end);
				case 2 -> producerName = in.readText(end, MAX_PRODUCER_BYTES);
				case 3 -> producerVersion = in.readText(end, MAX_PRODUCER_BYTES);
				case 7 -> {
					hasGraph = true;
					in.skipValue(wireType, end);
				}
				default -> in.skipValue(wireType, end);
			}
		}
		if (irVersion < 1 || irVersion > MAX_IR_VERSION) {
			throw new WireFormatException("implausible or missing ir_version " + irVersion);
		}
		if (!hasGraph) {
			throw new WireFormatException("no graph");
		}
		return new OnnxHeader(irVersion, printable(producerName), printable(producerVersion));
	}

	/** The wire type {@code ModelProto} gives a field, or -1 for a field it lacks. */
	private static int wireTypeOf(int field) {
		return switch (field) {
			// ir_version, model_version
			case 1, 5 -> WireInput.VARINT;
			// producer_name, producer_version, domain, doc_string, graph, opset_import,
			// metadata_props, training_info, functions, configuration
			case 2, 3, 4, 6, 7, 8, 14, 20, 25, 26 -> WireInput.LENGTH_DELIMITED;
			default -> -1;
		};
	}

	/** The text if it is short and printable, else null: it ends up in a user's view. */
	private static @Nullable String printable(@Nullable String text) {
		if (text == null || text.isBlank()
				|| !text.codePoints().allMatch((c) -> c >= 0x20 && c != 0x7f && c != 0xfffd)) {
			return null;
		}
		return text.strip();
	}

	/** In words, e.g. {@code ONNX model, IR version 7, produced by pytorch 1.13.0}. */
	String describe() {
		var text = new StringBuilder("ONNX model, IR version ").append(this.irVersion);
		if (this.producerName != null) {
			text.append(", produced by ").append(this.producerName);
			if (this.producerVersion != null) {
				text.append(' ').append(this.producerVersion);
			}
		}
		return text.toString();
	}

}
