package io.modelhost.datasets;

/** Base of what the datasets module throws on purpose. */
public abstract sealed class DatasetException extends RuntimeException
		permits DatasetNotFoundException, InvalidDatasetRequestException, DatasetTooLargeException,
		InvalidDatasetException, WrongDatasetKindException, ImageNotFoundException {

	protected DatasetException(String message) {
		super(message);
	}

}
