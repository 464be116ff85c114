package io.modelhost.dashboard;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.IncompatibleVersionException;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.ModelVersions;
import io.modelhost.registry.Permission;
import io.modelhost.registry.Share;
import io.modelhost.registry.ShareException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a model's page changes besides its status: name and description, which version the
 * endpoint serves (promote and roll back), and who it is shared with. Every action
 * returns to the model's page with what happened, or why not.
 */
@Controller
class ModelManagement {

	private final ModelRegistry registry;

	private final ModelShares shares;

	private final ModelVersions versions;

	ModelManagement(ModelRegistry registry, ModelShares shares, ModelVersions versions) {
		this.registry = registry;
		this.shares = shares;
		this.versions = versions;
	}

	@PostMapping("/models/{id}/details")
	String details(Caller caller, @PathVariable String id, @RequestParam String name, @RequestParam String description,
			RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		try {
			Model model = this.registry.update(caller.userId(), modelId, name, description, null);
			flash.addFlashAttribute("notice", "Saved. The endpoint URL is unchanged.");
			return back(model.id());
		}
		catch (InvalidModelMetadataException ex) {
			return refused(modelId, "Not saved: " + ex.getMessage() + ".", flash);
		}
	}

	@PostMapping("/models/{id}/production")
	String production(Caller caller, @PathVariable String id, @RequestParam(required = false) @Nullable Integer version,
			@RequestParam(defaultValue = "false") boolean force, RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		Model model;
		try {
			model = this.versions.setProduction(caller.userId(), modelId, version, force);
		}
		catch (IncompatibleVersionException ex) {
			// next to the version's row, where the promote button was
			flash.addFlashAttribute("versionsError",
					"Not moved: version " + ex.version() + " is not compatible with version " + ex.production()
							+ ", which the endpoint serves: " + String.join("; ", ex.differences())
							+ ". Its clients would fail or misread the answers.");
			return "redirect:/models/" + modelId.value() + "#versions-heading";
		}
		flash.addFlashAttribute("notice",
				(version != null) ? "The endpoint now serves version " + model.version().number() + "."
						: "The endpoint follows the newest version again (version " + model.version().number() + ").");
		return back(model.id());
	}

	@PostMapping("/models/{id}/shares")
	String share(Caller caller, @PathVariable String id, @RequestParam String email, @RequestParam String permission,
			RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		try {
			Permission granted = Permission.ofShare("permission", permission);
			this.shares.share(caller.userId(), modelId, email, granted);
			// the same answer whether or not the address belongs to a user
			flash.addFlashAttribute("shareNotice", "If " + email.strip() + " belongs to a user, they may now "
					+ granted.label() + " this model; the list above shows who has access.");
			return sharing(modelId);
		}
		catch (ShareException | InvalidModelMetadataException ex) {
			// beside the share form, with the address typed kept
			flash.addFlashAttribute("shareEmail", email.strip());
			return refusedSharing(modelId, "Not shared: " + ex.getMessage() + ".", flash);
		}
	}

	@PostMapping("/models/{id}/shares/{user}")
	String changeShare(Caller caller, @PathVariable String id, @PathVariable String user,
			@RequestParam String permission, RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		try {
			Share share = this.shares.update(caller.userId(), modelId, userId(user),
					Permission.ofShare("permission", permission));
			flash.addFlashAttribute("shareNotice",
					share.email() + " may now " + share.permission().label() + " this model.");
			return sharing(modelId);
		}
		catch (ShareException | InvalidModelMetadataException ex) {
			return refusedSharing(modelId, "Not changed: " + ex.getMessage() + ".", flash);
		}
	}

	@PostMapping("/models/{id}/shares/{user}/revoke")
	String revokeShare(Caller caller, @PathVariable String id, @PathVariable String user, RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		try {
			this.shares.revoke(caller.userId(), modelId, userId(user));
			flash.addFlashAttribute("shareNotice", "No longer shared with that user; it took effect at once.");
			return sharing(modelId);
		}
		catch (ShareException ex) {
			return refusedSharing(modelId, "Not revoked: " + ex.getMessage() + ".", flash);
		}
	}

	private static UserId userId(String id) {
		if (!id.matches("[0-9a-f-]{36}")) {
			throw new ShareException(ShareException.Reason.NOT_SHARED, "the model is not shared with this user");
		}
		return new UserId(id);
	}

	private static String refused(ModelId id, String message, RedirectAttributes flash) {
		flash.addFlashAttribute("manageError", message);
		return back(id);
	}

	/** A sharing problem, in the Sharing card beside its forms. */
	private static String refusedSharing(ModelId id, String message, RedirectAttributes flash) {
		flash.addFlashAttribute("shareError", message);
		return sharing(id);
	}

	private static String sharing(ModelId id) {
		return "redirect:/models/" + id.value() + "#sharing-heading";
	}

	private static String back(ModelId id) {
		return "redirect:/models/" + id.value() + "#manage-heading";
	}

}
