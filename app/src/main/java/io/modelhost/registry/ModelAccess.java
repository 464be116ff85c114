package io.modelhost.registry;

/**
 * A model and what the user asking may do with it.
 *
 * @param model the model
 * @param permission the user's permission: {@link Permission#OWNER} for their own
 */
public record ModelAccess(Model model, Permission permission) {

}
