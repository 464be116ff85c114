package io.modelhost.protocol;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import tools.jackson.databind.JsonNode;

/**
 * Pictures sent to an image model: the encoded pictures of a JSON body {@code {"images":
 * ["<base64>", …]}}, and decoded pictures turned into the model's one input tensor
 * through the model's {@link ImageInput} (its {@link ImagePreprocessing#write}, the same
 * conversion training uses).
 */
public final class ImageRequests {

	private ImageRequests() {
	}

	/** Whether a JSON body sends pictures rather than tensors or rows. */
	public static boolean sendsImages(JsonNode body) {
		return body.isObject() && body.has("images");
	}

	/**
	 * The encoded pictures of {@code {"images": ["<base64>", …]}}; a data URL
	 * ({@code data:image/png;base64,…}) is accepted too.
	 * @throws InvalidInputException for a body of another shape or text that is not
	 * base64
	 */
	public static List<EncodedPicture> fromJson(JsonNode body, int maxPictures) {
		var problems = new ProblemList();
		JsonNode images = body.get("images");
		for (String name : body.propertyNames()) {
			if (!name.equals("images")) {
				problems.add("/" + ProblemList.escape(name), "unknown field '" + name + "' beside \"images\"");
			}
		}
		if (images == null || !images.isArray() || images.isEmpty()) {
			problems.add("/images", "\"images\" must be an array of base64-encoded PNG or JPEG pictures");
			throw new InvalidInputException(problems.list());
		}
		requireCount(images.size(), maxPictures, "/images");
		var pictures = new ArrayList<EncodedPicture>();
		for (int i = 0; i < images.size(); i++) {
			JsonNode image = images.get(i);
			String pointer = "/images/" + i;
			if (!image.isString()) {
				problems.add(pointer, "expected a base64-encoded picture but got " + RowDecoder.kind(image));
				continue;
			}
			String text = image.asString();
			if (text.startsWith("data:")) {
				int comma = text.indexOf(',');
				text = (comma > 0 && text.substring(0, comma).endsWith(";base64")) ? text.substring(comma + 1) : "";
			}
			try {
				pictures.add(new EncodedPicture(pointer, Base64.getMimeDecoder().decode(text)));
			}
			catch (IllegalArgumentException ex) {
				problems.add(pointer, "the text is not base64");
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems.list());
		}
		return pictures;
	}

	/**
	 * Refuses no pictures and more than {@code maxPictures}.
	 * @throws InvalidInputException at {@code pointer}
	 */
	public static void requireCount(int count, int maxPictures, String pointer) {
		if (count < 1) {
			throw new InvalidInputException(List.of(new InputProblem(pointer, "send at least one picture")));
		}
		if (count > maxPictures) {
			throw new InvalidInputException(List.of(new InputProblem(pointer,
					"too many pictures: " + count + " (at most " + maxPictures + " per request)")));
		}
	}

	/**
	 * The model's input for decoded pictures: each converted by the declaration's
	 * preprocessing into one batch tensor of the model's one input.
	 * @param pointers where each picture was in the request, for problems
	 * @throws InvalidInputException when the model takes a fixed number of pictures and
	 * got another
	 */
	public static ModelInput.Tensors input(List<BufferedImage> pictures, List<String> pointers, ImageInput declared,
			TensorSignature signature) {
		TensorSpec spec = signature.inputs().getFirst();
		long fixedBatch = spec.shape().getFirst();
		if (fixedBatch > 0 && pictures.size() != fixedBatch) {
			throw new InvalidInputException(List.of(new InputProblem(pointers.isEmpty() ? "" : pointers.getFirst(),
					"this model takes exactly " + fixedBatch + " pictures per request but got " + pictures.size())));
		}
		ImagePreprocessing preprocessing = declared.preprocessing();
		int each = preprocessing.valuesPerImage();
		float[] values = new float[Math.multiplyExact(each, pictures.size())];
		for (int i = 0; i < pictures.size(); i++) {
			preprocessing.write(pictures.get(i), values, i * each);
		}
		var shape = new ArrayList<Long>();
		for (long dimension : preprocessing.shape(pictures.size())) {
			shape.add(dimension);
		}
		Tensor tensor = (spec.type() == DataType.FP64) ? new Tensor(DataType.FP64, shape, widen(values))
				: new Tensor(DataType.FP32, shape, values);
		return new ModelInput.Tensors(Map.of(spec.name(), tensor));
	}

	private static double[] widen(float[] values) {
		double[] wide = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			wide[i] = values[i];
		}
		return wide;
	}

	/**
	 * One picture as sent.
	 *
	 * @param pointer where it was in the request: {@code /images/2} in a JSON body,
	 * {@code /file/0} for the first multipart {@code file} part, empty for a raw body
	 * @param bytes the encoded picture (PNG or JPEG, if the sender is right)
	 */
	public record EncodedPicture(String pointer, byte[] bytes) {

	}

}
