package io.modelhost.serving;

/**
 * A picture that cannot be decoded: not a PNG or JPEG at all, or damaged, or larger than
 * the pixel limit. The message is fit for the caller.
 */
public final class InvalidPictureException extends RuntimeException {

	private final String pointer;

	private final boolean picture;

	/**
	 * @param pointer where the picture was in the request (JSON Pointer, or the multipart
	 * part as {@code /file/0})
	 * @param detail what is wrong
	 * @param picture whether the bytes start like a PNG or JPEG (false: another kind of
	 * data)
	 */
	public InvalidPictureException(String pointer, String detail, boolean picture) {
		super(detail);
		this.pointer = pointer;
		this.picture = picture;
	}

	public String pointer() {
		return this.pointer;
	}

	/** Whether the data looked like a PNG or JPEG picture, but could not be read. */
	public boolean looksLikePicture() {
		return this.picture;
	}

}
