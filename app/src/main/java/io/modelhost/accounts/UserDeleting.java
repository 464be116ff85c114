package io.modelhost.accounts;

/**
 * A user is about to be deleted: published inside the deleting transaction, before the
 * user's row goes, so that modules holding the user's things (models, shares) delete them
 * first. A listener that throws stops the deletion.
 *
 * @param user the user
 */
public record UserDeleting(UserId user) {

}
