package io.modelhost.registry.web;

import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelVersions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aliases besides {@code production}: {@code staging} and names the owner chooses, each
 * pointing at a version that can be called by the alias. {@code production} itself moves
 * by promotion ({@link ModelController}).
 */
@RestController
@RequestMapping("/api/v1/models/{id}/aliases")
@Tag(name = "Rollout", description = "Aliases besides production, traffic splits (canary, shadow)")
class AliasController {

	private final ModelVersions versions;

	AliasController(ModelVersions versions) {
		this.versions = versions;
	}

	@GetMapping
	@Operation(summary = "A model's aliases and the versions they point to",
			description = "production (the version the endpoint serves) and every other alias, by name.")
	Map<String, Integer> list(Caller caller, @PathVariable String id) {
		return this.versions.aliases(caller.userId(), ModelId.parse(id));
	}

	@PutMapping(path = "/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Point an alias at a version",
			description = "Creates the alias (e.g. staging; 1 to 40 lowercase letters, digits and hyphens) or moves "
					+ "it. The version is then called at /api/v1/models/{id}/aliases/{alias}/predict. Any version "
					+ "may have an alias, compatible with production or not. 'production' moves by promotion "
					+ "(its own operation). Answers all the aliases. Needs the edit permission.")
	Map<String, Integer> set(Caller caller, @PathVariable String id, @PathVariable String alias,
			@RequestBody AliasVersion request) {
		if (request.version() == null) {
			throw new InvalidModelMetadataException("version", "'version' is required");
		}
		return this.versions.setAlias(caller.userId(), ModelId.parse(id), alias, request.version());
	}

	@DeleteMapping("/{alias}")
	@Operation(summary = "Delete an alias",
			description = "Its version stays; calls by the alias answer 404 alias-not-found. Needs the edit "
					+ "permission. 'production' cannot be deleted: DELETE on it lets it follow the newest "
					+ "version.")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id, @PathVariable String alias) {
		this.versions.deleteAlias(caller.userId(), ModelId.parse(id), alias);
		return ResponseEntity.noContent().build();
	}

	record AliasVersion(@Schema(description = "The version to point to") @Nullable Integer version) {

	}

}
