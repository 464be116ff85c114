package io.modelhost.accounts.web;

import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Allowance;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.InvalidCredentialsException;
import io.modelhost.accounts.Tokens;
import io.modelhost.accounts.UserLimits;
import io.modelhost.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Accounts", description = "Register, log in, and see who you are")
class AuthController {

	/** What a username may look like, here and where administrators create users. */
	static final String USERNAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

	static final String USERNAME_MESSAGE = "may contain letters, digits, '.', '_' and '-', "
			+ "and must start with a letter or digit";

	private final Accounts accounts;

	private final ClientAddress addresses;

	private final UserLimits limits;

	AuthController(Accounts accounts, ClientAddress addresses, UserLimits limits) {
		this.accounts = accounts;
		this.addresses = addresses;
		this.limits = limits;
	}

	@PostMapping("/register")
	@SecurityRequirements
	@Operation(summary = "Create an account",
			description = "Depends on modelhost.accounts.registration: open (anyone), invite (needs `invitation`, "
					+ "the token of an unused, unexpired invitation an administrator created, for this email address "
					+ "if it names one; otherwise 403 invitation-invalid) or closed (403 registration-closed).")
	ResponseEntity<AccountResponse> register(@Valid @RequestBody RegisterRequest request) {
		Account account = this.accounts.register(request.username(), request.email(), request.password(),
				request.invitation());
		return ResponseEntity.created(URI.create("/api/v1/auth/me")).body(AccountResponse.of(account));
	}

	@PostMapping("/login")
	@SecurityRequirements
	@Operation(summary = "Log in with username and password", description = "Returns a short-lived access token "
			+ "for the Authorization: Bearer header and a refresh token.")
	TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		Tokens tokens = this.accounts.login(request.username(), request.password(), this.addresses.network(http));
		return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn().toSeconds());
	}

	@PostMapping("/refresh")
	@SecurityRequirements
	@Operation(summary = "Exchange a refresh token for new tokens",
			description = "The refresh token is rotated: the one sent stops working. Sending a used refresh token "
					+ "again ends the whole login (every token issued from it).")
	TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
		Tokens tokens = this.accounts.refresh(request.refreshToken());
		return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn().toSeconds());
	}

	@PostMapping("/logout")
	@SecurityRequirements
	@Operation(summary = "End a login", description = "Its refresh tokens stop working.")
	ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
		this.accounts.logout(request.refreshToken());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/password")
	@Operation(summary = "Change your password",
			description = "Every login ends: refresh tokens, access tokens and dashboard sessions issued before stop "
					+ "working. The answer carries new tokens, so the caller stays signed in. A user may try "
					+ "modelhost.accounts.login-attempts changes per login-lockout (default 5 per 5 minutes), "
					+ "then gets 429 with Retry-After.")
	TokenResponse changePassword(Caller caller, @Valid @RequestBody PasswordRequest request) {
		Tokens tokens = this.accounts.changePassword(caller.userId(), request.currentPassword(), request.newPassword());
		return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn().toSeconds());
	}

	@GetMapping("/me")
	@Operation(summary = "The account of the caller, with what they keep and their limits",
			description = "usage counts your models (live or archived) and the bytes of every version's upload and "
					+ "every dataset; limits are what you may keep (null: no limit). A new model past max_models is "
					+ "refused with 409 model-limit-reached, an upload past max_stored_bytes with 413 "
					+ "storage-limit-reached.")
	MeResponse me(Caller caller) {
		Account account = this.accounts.find(caller.userId()).orElseThrow(InvalidCredentialsException::new);
		Allowance allowance = this.limits.allowance(caller.userId());
		return new MeResponse(account.id().value(), account.username(), account.email(),
				account.role().name().toLowerCase(java.util.Locale.ROOT), account.createdAt(),
				LimitsResponse.usage(allowance), LimitsResponse.limits(allowance));
	}

	record RegisterRequest(
			@NotBlank @Size(min = 3, max = 32) @Pattern(regexp = USERNAME_PATTERN,
					message = USERNAME_MESSAGE) String username,
			@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
			@Schema(description = "The invitation token, when registration needs one") @Nullable @Size(
					max = 200) String invitation) {

		@Override
		public String toString() {
			return "RegisterRequest[" + this.username + "]";
		}

	}

	record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {

		@Override
		public String toString() {
			return "LoginRequest[" + this.username + "]";
		}

	}

	record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[****]";
		}

	}

	record PasswordRequest(@NotBlank @Size(max = 128) String currentPassword,
			@NotBlank @Size(min = 8, max = 128) String newPassword) {

		@Override
		public String toString() {
			return "PasswordRequest[****]";
		}

	}

	record AccountResponse(String id, String username, String email, String role, Instant createdAt) {

		static AccountResponse of(Account account) {
			return new AccountResponse(account.id().value(), account.username(), account.email(),
					account.role().name().toLowerCase(java.util.Locale.ROOT), account.createdAt());
		}

	}

	record MeResponse(String id, String username, String email, String role, Instant createdAt,
			LimitsResponse.Usage usage, LimitsResponse.Limits limits) {

	}

	record TokenResponse(String accessToken, String refreshToken, String tokenType,
			@JsonProperty("expires_in") long expiresIn) {

	}

}
