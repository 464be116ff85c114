package io.modelhost.serving;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import io.modelhost.engine.testkit.Fixtures;
import tools.jackson.databind.JsonNode;

/**
 * The scikit-learn digits the fixture {@code onnx/digits_cnn.onnx} was checked on, drawn
 * as PNG pictures: pixel {@code v} of 0..16 (the reference holds {@code v/16}) becomes
 * the grey {@code 15·v}, so that the declared scale {@code 1/240} gives back exactly
 * {@code v/16}.
 */
public final class DigitPictures {

	/** The fixture model. */
	public static final String MODEL = "onnx/digits_cnn.onnx";

	/** The image input that reproduces the reference: 8×8 grey, scaled by 1/240. */
	public static final String IMAGE_INPUT = "{\"width\": 8, \"height\": 8, \"channels\": 1, \"layout\": \"NCHW\", "
			+ "\"scale\": " + (1.0 / 240) + ", \"labels\": [\"zero\", \"one\", \"two\", \"three\", \"four\", "
			+ "\"five\", \"six\", \"seven\", \"eight\", \"nine\"]}";

	/** The labels of {@link #IMAGE_INPUT}, by class index. */
	public static final List<String> LABELS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
			"eight", "nine");

	private DigitPictures() {
	}

	/** The reference's pictures as PNG files. */
	public static List<byte[]> pngs() {
		var pngs = new ArrayList<byte[]>();
		for (JsonNode image : Fixtures.reference(MODEL).get("inputs")) {
			pngs.add(encode(picture(image), "png"));
		}
		return pngs;
	}

	/** The reference's probabilities, one row per picture. */
	public static List<double[]> probabilities() {
		var rows = new ArrayList<double[]>();
		for (JsonNode row : Fixtures.reference(MODEL).get("outputs")) {
			double[] values = new double[row.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = row.get(i).asDouble();
			}
			rows.add(values);
		}
		return rows;
	}

	/** The label of the most likely class of each reference picture. */
	public static List<String> expectedLabels() {
		var labels = new ArrayList<String>();
		for (double[] row : probabilities()) {
			int best = 0;
			for (int i = 1; i < row.length; i++) {
				if (row[i] > row[best]) {
					best = i;
				}
			}
			labels.add(LABELS.get(best));
		}
		return labels;
	}

	/** The first reference picture as a JPEG (lossy: only its label is comparable). */
	public static byte[] jpeg() {
		return encode(picture(Fixtures.reference(MODEL).get("inputs").get(0)), "jpeg");
	}

	private static BufferedImage picture(JsonNode image) {
		JsonNode rows = image.get(0);
		var picture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 8; y++) {
			for (int x = 0; x < 8; x++) {
				int grey = (int) Math.round(rows.get(y).get(x).asDouble() * 16) * 15;
				picture.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
			}
		}
		return picture;
	}

	private static byte[] encode(BufferedImage picture, String format) {
		var out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(picture, format, out)) {
				throw new IllegalStateException("no writer for " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * A small PNG whose header claims {@code width × height} pixels: a decoder that
	 * believed it would allocate the whole canvas.
	 */
	public static byte[] claimingSize(int width, int height) {
		var out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0);
		header.put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(out, "IHDR", header.array());
		chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(name);
		out.writeBytes(data);
		var crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
