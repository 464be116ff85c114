package io.modelhost.serving;

/**
 * Pictures sent to a model version that has no image input declared: it does not know how
 * a picture becomes its input.
 */
public final class ImagesNotAcceptedException extends RuntimeException {

	public ImagesNotAcceptedException(String modelId) {
		super("this model takes no pictures: declare how it takes them with PATCH /api/v1/models/" + modelId
				+ " {\"image_input\": {\"width\": …, \"height\": …, \"channels\": 1 or 3}}, then send PNG or JPEG "
				+ "pictures");
	}

}
