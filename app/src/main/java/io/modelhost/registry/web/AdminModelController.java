package io.modelhost.registry.web;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.Permission;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/models")
@Tag(name = "Administration", description = "For administrators only")
class AdminModelController {

	private final ModelRegistry registry;

	private final PublicUrls urls;

	private final ModelRuntime runtime;

	AdminModelController(ModelRegistry registry, PublicUrls urls, ModelRuntime runtime) {
		this.registry = registry;
		this.urls = urls;
		this.runtime = runtime;
	}

	@GetMapping
	@Operation(summary = "Every user's models",
			description = "Filter by owner_id, name, status, format; archived=true for archived ones.")
	ModelResponse.Page list(Caller caller, @RequestParam(name = "owner_id", required = false) @Nullable String ownerId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(defaultValue = "created_at") String sort, @RequestParam(defaultValue = "desc") String order,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(defaultValue = "false") boolean archived) {
		requireAdmin(caller);
		if (ownerId != null && !ModelId.isUuid(ownerId)) {
			throw new InvalidModelMetadataException("owner_id", "owner_id must be a user id");
		}
		UserId owner = (ownerId != null) ? new UserId(ownerId) : null;
		ModelPage result = this.registry.listAll(owner,
				ModelQueries.of(name, status, format, sort, order, page, size, archived));
		return new ModelResponse.Page(result.models().stream().map(this::response).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "Any user's model")
	ModelResponse get(Caller caller, @PathVariable String id) {
		requireAdmin(caller);
		return response(this.registry.getAny(ModelId.parse(id)));
	}

	/**
	 * An administrator sees every model but acts on none through this API: the permission
	 * shown is view.
	 */
	private ModelResponse response(Model model) {
		return ModelResponse.of(new ModelAccess(model, Permission.VIEW), this.registry.purgeAfter(model), this.urls,
				this.runtime);
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.admin()) {
			throw new AccessDeniedException("administrators only");
		}
	}

}
