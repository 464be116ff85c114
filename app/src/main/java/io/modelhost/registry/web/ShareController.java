package io.modelhost.registry.web;

import java.time.Instant;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.Permission;
import io.modelhost.registry.Share;
import io.modelhost.registry.ShareException;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Sharing", description = "Share your models with other users: view, use (predict) or edit")
class ShareController {

	private final ModelShares shares;

	private final PublicUrls urls;

	private final ModelRuntime runtime;

	ShareController(ModelShares shares, PublicUrls urls, ModelRuntime runtime) {
		this.shares = shares;
		this.urls = urls;
		this.runtime = runtime;
	}

	@GetMapping("/shared-with-me")
	@Operation(summary = "Models other users share with you", description = "With your permission on each.")
	ModelResponse.Page sharedWithMe(Caller caller, @RequestParam(required = false) @Nullable String name,
			@RequestParam(defaultValue = "created_at") String sort, @RequestParam(defaultValue = "desc") String order,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		ModelShares.SharedModels shared = this.shares.sharedWith(caller.userId(),
				ModelQueries.of(name, null, null, sort, order, page, size, false));
		return new ModelResponse.Page(
				shared.models().stream().map((m) -> ModelResponse.of(m, null, this.urls, this.runtime)).toList(),
				shared.page(), shared.size(), shared.total());
	}

	@GetMapping("/{id}/shares")
	@Operation(summary = "Who your model is shared with",
			description = "Owner only. Each share by the email address you shared with (in lower case) and "
					+ "user_id, the handle to change or revoke it; never the username behind the address.")
	List<ShareResponse> list(Caller caller, @PathVariable String id) {
		return this.shares.list(caller.userId(), ModelId.parse(id)).stream().map(ShareResponse::of).toList();
	}

	@PostMapping(path = "/{id}/shares", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Share your model with a user",
			description = "By the user's email address, with permission view (details, versions, docs), use (also "
					+ "predict) or edit (also change metadata, status, versions and aliases). Only the owner shares, "
					+ "archives or deletes. The answer is 202 and the same whether or not the address belongs to a "
					+ "user, and whether or not the model is shared with them already (an existing share keeps its "
					+ "permission: change it with PATCH), so that sharing does not tell who is registered. "
					+ "GET .../shares lists who has access.")
	ResponseEntity<ShareOfferResponse> share(Caller caller, @PathVariable String id,
			@RequestBody ShareRequest request) {
		if (request.email() == null || request.email().isBlank()) {
			throw new InvalidModelMetadataException("email", "'email' is required");
		}
		Permission permission = Permission.ofShare("permission", required(request.permission()));
		this.shares.share(caller.userId(), ModelId.parse(id), request.email(), permission);
		return ResponseEntity.accepted()
			.body(new ShareOfferResponse(request.email().strip(), permission.label(),
					"If this address belongs to a user, they now have access to the model; "
							+ "the model's shares list who has."));
	}

	@PatchMapping(path = "/{id}/shares/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change what a user may do with your model", description = "Takes effect at once.")
	ShareResponse update(Caller caller, @PathVariable String id, @PathVariable String userId,
			@RequestBody ShareRequest request) {
		return ShareResponse.of(this.shares.update(caller.userId(), ModelId.parse(id), userId(userId),
				Permission.ofShare("permission", required(request.permission()))));
	}

	@DeleteMapping("/{id}/shares/{userId}")
	@Operation(summary = "Stop sharing your model with a user", description = "Takes effect at once.")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String id, @PathVariable String userId) {
		this.shares.revoke(caller.userId(), ModelId.parse(id), userId(userId));
		return ResponseEntity.noContent().build();
	}

	private static UserId userId(String text) {
		if (!ModelId.isUuid(text)) {
			throw new ShareException(ShareException.Reason.NOT_SHARED, "the model is not shared with this user");
		}
		return new UserId(text);
	}

	private static String required(@Nullable String permission) {
		if (permission == null) {
			throw new InvalidModelMetadataException("permission", "'permission' is required: view, use or edit");
		}
		return permission;
	}

	record ShareRequest(@Schema(description = "The user's email address") @Nullable String email,
			@Schema(description = "view, use or edit") @Nullable String permission) {

	}

	/**
	 * What sharing by email answers, whether or not the address belongs to a user.
	 */
	record ShareOfferResponse(String email, String permission, String detail) {

	}

	/**
	 * One share as its owner sees it: the address they shared with, never the username of
	 * the account behind it, which the owner did not type and must not learn.
	 */
	record ShareResponse(String userId, String email, String permission, Instant createdAt, Instant updatedAt) {

		static ShareResponse of(Share share) {
			return new ShareResponse(share.user().value(), share.email(), share.permission().label(), share.createdAt(),
					share.updatedAt());
		}

	}

}
