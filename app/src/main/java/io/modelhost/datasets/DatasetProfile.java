package io.modelhost.datasets;

/**
 * What was learnt about a dataset's content when it was uploaded; its shape depends on
 * the kind. A new kind adds a permitted profile, and every exhaustive {@code switch} over
 * profiles then says what it does with it.
 */
public sealed interface DatasetProfile permits TabularProfile, ImageProfile {

	/** The kind of dataset this profiles. */
	DatasetKind kind();

}
