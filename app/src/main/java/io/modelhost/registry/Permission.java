package io.modelhost.registry;

import java.util.Locale;

/**
 * What a user may do with a model, each level including the ones before it. Owners share
 * a model with another user at {@link #VIEW}, {@link #USE} or {@link #EDIT}.
 */
public enum Permission {

	/** See the model's details, versions, docs and usage. */
	VIEW,
	/** Also call its endpoint. */
	USE,
	/** Also change its metadata, status, versions and aliases. */
	EDIT,
	/** Also share, archive, restore and delete it: the owner alone. */
	OWNER;

	/** Whether this permission includes {@code needed}. */
	public boolean allows(Permission needed) {
		return compareTo(needed) >= 0;
	}

	/** The API's name for it: {@code view}, {@code use}, {@code edit}, {@code owner}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The permission a share grants, from its API name.
	 * @throws InvalidModelMetadataException for anything but view, use or edit
	 */
	public static Permission ofShare(String field, String label) {
		return switch (label.strip().toLowerCase(Locale.ROOT)) {
			case "view" -> VIEW;
			case "use" -> USE;
			case "edit" -> EDIT;
			default -> throw new InvalidModelMetadataException(field, field + " must be one of view, use, edit");
		};
	}

}
