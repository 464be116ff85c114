package io.modelhost.datasets.web;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetPage;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.web.DatasetResponse.DatasetList;
import io.modelhost.web.InvalidParameterException;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators see every dataset here, as they see every model, and act on none: on the
 * datasets' own endpoints they are users like any other.
 */
@RestController
@RequestMapping("/api/v1/admin/datasets")
@Tag(name = "Administration", description = "For administrators only")
class AdminDatasetController {

	private final Datasets datasets;

	AdminDatasetController(Datasets datasets) {
		this.datasets = datasets;
	}

	@GetMapping
	@Operation(summary = "Every user's datasets", description = "Newest first; owner_id for one user's.")
	DatasetList list(Caller caller, @RequestParam(name = "owner_id", required = false) @Nullable String ownerId,
			@RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "20") String size) {
		requireAdmin(caller);
		String owner = QueryParameters.blankToNull(ownerId);
		if (owner != null && !DatasetId.isUuid(owner)) {
			throw new InvalidParameterException("owner_id", "owner_id must be a user id");
		}
		DatasetPage result = this.datasets.listAll((owner != null) ? new UserId(owner) : null,
				QueryParameters.number("page", page, 0, 1_000_000), QueryParameters.number("size", size, 1, 100));
		return new DatasetList(result.datasets().stream().map(DatasetResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "Any user's dataset")
	DatasetResponse get(Caller caller, @PathVariable String id) {
		requireAdmin(caller);
		return DatasetResponse.of(this.datasets.getAny(DatasetId.parse(id)));
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.admin()) {
			throw new AccessDeniedException("administrators only");
		}
	}

}
