package io.modelhost.datasets;

/** An image dataset has no picture at this index. */
public final class ImageNotFoundException extends DatasetException {

	private final int index;

	public ImageNotFoundException(int index, int size) {
		super("the dataset has no picture " + index + "; its pictures are 0.." + (size - 1));
		this.index = index;
	}

	/** The index asked for. */
	public int index() {
		return this.index;
	}

}
