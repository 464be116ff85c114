package io.modelhost.accounts.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.modelhost.accounts.ApiKey;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Keys that let applications call your prediction endpoints")
class ApiKeyController {

	private final ApiKeys apiKeys;

	ApiKeyController(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@PostMapping
	@Operation(summary = "Create an API key",
			description = "The key is in the response this once; only a hash is stored. Send it as X-API-Key. "
					+ "Optionally limit it to some of your models, give it an expiry or its own quota.")
	ResponseEntity<CreatedKeyResponse> create(Caller caller, @Valid @RequestBody CreateKeyRequest request) {
		ApiKey.Issued issued = this.apiKeys.create(caller.userId(), request.name(),
				new ApiKey.Options(request.requestsPerMinute(), request.expiresAt(),
						(request.modelIds() != null) ? request.modelIds() : List.of()));
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.key().id()))
			.body(CreatedKeyResponse.of(issued));
	}

	@GetMapping
	@Operation(summary = "List your API keys")
	List<KeyResponse> list(Caller caller) {
		return this.apiKeys.list(caller.userId()).stream().map(KeyResponse::of).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of your API keys")
	KeyResponse get(Caller caller, @PathVariable String id) {
		return KeyResponse.of(this.apiKeys.get(caller.userId(), id));
	}

	@PostMapping("/{id}/regenerate")
	@Operation(summary = "Give an API key a new secret",
			description = "The old secret stops working at once; the key keeps its id, name, scope and expiry. "
					+ "The new secret is in the response this once.")
	ResponseEntity<CreatedKeyResponse> regenerate(Caller caller, @PathVariable String id) {
		return ResponseEntity.status(201).body(CreatedKeyResponse.of(this.apiKeys.regenerate(caller.userId(), id)));
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Rename an API key",
			description = "Only the name changes: the secret, scope, quota and expiry stay. A revoked key is 404.")
	KeyResponse rename(Caller caller, @PathVariable String id, @Valid @RequestBody RenameKeyRequest request) {
		return KeyResponse.of(this.apiKeys.rename(caller.userId(), id, request.name()));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke an API key", description = "It stops working at once.")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
		this.apiKeys.revoke(caller.userId(), id);
		return ResponseEntity.noContent().build();
	}

	record CreateKeyRequest(@NotBlank @Size(max = 100) String name, @Schema(
			description = "The key's own quota; default: the server's per-key quota") @Nullable @Min(1) @Max(1_000_000) Integer requestsPerMinute,
			@Schema(description = "When the key stops working; default: never") @Nullable @Future Instant expiresAt,
			@Schema(description = "The only models the key may be used with; default: all of yours") @Nullable @Size(
					max = 100) List<@Pattern(regexp = "[0-9a-f-]{36}",
							message = "must be a model id") String> modelIds) {

	}

	record RenameKeyRequest(@NotBlank @Size(max = 100) String name) {

	}

	record CreatedKeyResponse(String id, String name, String key, String prefix, Instant createdAt,
			@Nullable Instant expiresAt, List<String> modelIds) {

		static CreatedKeyResponse of(ApiKey.Issued issued) {
			ApiKey key = issued.key();
			return new CreatedKeyResponse(key.id(), key.name(), issued.secret(), key.prefix(), key.createdAt(),
					key.options().expiresAt(), key.options().modelIds());
		}

		@Override
		public String toString() {
			return "CreatedKeyResponse[" + this.id + "]";
		}

	}

	record KeyResponse(String id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant revokedAt, boolean active, @Nullable Integer requestsPerMinute,
			@Nullable Instant expiresAt, List<String> modelIds) {

		static KeyResponse of(ApiKey key) {
			boolean expired = key.options().expiresAt() != null && !key.options().expiresAt().isAfter(Instant.now());
			return new KeyResponse(key.id(), key.name(), key.prefix(), key.createdAt(), key.lastUsedAt(),
					key.revokedAt(), key.revokedAt() == null && !expired, key.options().requestsPerMinute(),
					key.options().expiresAt(), key.options().modelIds());
		}

	}

}
