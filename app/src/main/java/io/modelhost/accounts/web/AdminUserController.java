package io.modelhost.accounts.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserAdministration;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserNotFoundException;
import io.modelhost.accounts.UserPage;
import io.modelhost.accounts.UserQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administration of users. Only administrators get here (the security configuration
 * answers 403 to everyone else, and to every API key).
 */
@RestController
@RequestMapping("/api/v1/admin/users")
@Tag(name = "Administration", description = "Users and their roles; administrators only")
class AdminUserController {

	private static final String USER_ID = "[0-9a-f-]{36}";

	private static final String ROLE = "user|admin";

	private static final String ROLE_MESSAGE = "must be user or admin";

	private final UserAdministration administration;

	AdminUserController(UserAdministration administration) {
		this.administration = administration;
	}

	@GetMapping
	@Operation(summary = "List users",
			description = "Paginated, newest first; filter by username or email (contains, ignoring case) and role.")
	UserPageResponse list(@Valid @ParameterObject @ModelAttribute ListUsersRequest request) {
		UserPage page = this.administration
			.list(new UserQuery(request.username(), request.email(), role(request.role()),
					(request.page() != null) ? request.page() : 0, (request.size() != null) ? request.size() : 20));
		return new UserPageResponse(page.users().stream().map(UserResponse::of).toList(), page.page(), page.size(),
				page.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One user")
	UserResponse get(@PathVariable String id) {
		return UserResponse.of(this.administration.get(userId(id)));
	}

	@PostMapping
	@Operation(summary = "Create a user",
			description = "Validated like a registration; the role defaults to user. The user is enabled.")
	ResponseEntity<UserResponse> create(Caller caller, @Valid @RequestBody CreateUserRequest request) {
		Account account = this.administration.create(caller.userId(), request.username(), request.email(),
				request.password(), (request.role() != null) ? role(request.role()) : Role.USER);
		return ResponseEntity.created(URI.create("/api/v1/admin/users/" + account.id().value()))
			.body(UserResponse.of(account));
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Enable, disable, promote or demote a user",
			description = "Disabling ends the user's logins and stops their tokens and API keys at once; a role "
					+ "change applies from their next request. You cannot disable or demote yourself, nor the last "
					+ "enabled administrator (409).")
	UserResponse update(Caller caller, @PathVariable String id, @Valid @RequestBody UpdateUserRequest request) {
		return UserResponse.of(this.administration.update(caller.userId(), userId(id), request.enabled(),
				(request.role() != null) ? role(request.role()) : null));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a user",
			description = "Their models, shares, API keys and logins go with them; their usage records stay. "
					+ "You cannot delete yourself, nor the last enabled administrator (409).")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
		this.administration.delete(caller.userId(), userId(id));
		return ResponseEntity.noContent().build();
	}

	private static UserId userId(String id) {
		if (!id.matches(USER_ID)) {
			throw new UserNotFoundException();
		}
		return new UserId(id);
	}

	private static @Nullable Role role(@Nullable String role) {
		return (role != null) ? Role.valueOf(role.toUpperCase(Locale.ROOT)) : null;
	}

	record ListUsersRequest(
			@Schema(description = "Only users whose username contains this") @Nullable @Size(max = 64) String username,
			@Schema(description = "Only users whose email contains this") @Nullable @Size(max = 254) String email,
			@Schema(description = "Only users with this role", allowableValues = {
					"user", "admin" }) @Nullable @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String role,
			@Schema(description = "The page, from 0",
					defaultValue = "0") @Nullable @Min(0) @Max(1_000_000) Integer page,
			@Schema(description = "Users per page", defaultValue = "20") @Nullable @Min(1) @Max(100) Integer size){

	}

	record CreateUserRequest(
			@NotBlank @Size(min = 3, max = 32) @Pattern(regexp = AuthController.USERNAME_PATTERN,
					message = AuthController.USERNAME_MESSAGE) String username,
			@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
			@Schema(description = "Default: user", allowableValues = {
					"user", "admin" }) @Nullable @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String role){

		@Override
		public String toString() {
			return "CreateUserRequest[" + this.username + "]";
		}

	}

	record UpdateUserRequest(@Schema(
			description = "Whether the user may log in and use their tokens and keys") @Nullable Boolean enabled,
			@Schema(allowableValues = {
					"user", "admin" }) @Nullable @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String role){

	}

	record UserResponse(String id, String username, String email, String role, boolean enabled, Instant createdAt) {

		static UserResponse of(Account account) {
			return new UserResponse(account.id().value(), account.username(), account.email(),
					account.role().name().toLowerCase(Locale.ROOT), account.enabled(), account.createdAt());
		}

	}

	record UserPageResponse(List<UserResponse> items, int page, int size, long total) {

	}

}
