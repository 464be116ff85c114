package io.modelhost.registry.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UploadPaths;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.Permission;
import io.modelhost.registry.RegistryException;

import org.springframework.stereotype.Component;

/**
 * The registry's uploads, for the check of their declared length: a new model counts
 * against the caller, a new version against the model's owner, if the caller may edit the
 * model (otherwise the upload is answered as usual, with 404 or 403).
 */
@Component
class ModelUploadPaths implements UploadPaths {

	private static final Pattern VERSIONS = Pattern.compile("/api/v1/models/([^/]+)/versions");

	private final ModelRegistry registry;

	ModelUploadPaths(ModelRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Optional<UserId> owner(String path, Caller caller) {
		if (path.equals("/api/v1/models")) {
			return Optional.of(caller.userId());
		}
		Matcher version = VERSIONS.matcher(path);
		if (!version.matches() || !ModelId.isUuid(version.group(1))) {
			return Optional.empty();
		}
		try {
			ModelAccess access = this.registry.access(caller.userId(), new ModelId(version.group(1)));
			return access.permission().allows(Permission.EDIT) ? Optional.of(access.model().owner()) : Optional.empty();
		}
		catch (RegistryException ex) {
			return Optional.empty();
		}
	}

}
