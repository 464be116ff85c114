package io.modelhost.datasets;

/**
 * An operation for one kind of dataset asked of another: the rows of an image dataset,
 * the pictures of a CSV.
 */
public final class WrongDatasetKindException extends DatasetException {

	private final DatasetKind kind;

	private final DatasetKind needed;

	public WrongDatasetKindException(DatasetKind kind, DatasetKind needed) {
		super("the dataset is of kind '" + kind.id() + "', and this needs a dataset of kind '" + needed.id() + "'");
		this.kind = kind;
		this.needed = needed;
	}

	/** The dataset's kind. */
	public DatasetKind kind() {
		return this.kind;
	}

	/** The kind the operation needs. */
	public DatasetKind needed() {
		return this.needed;
	}

}
