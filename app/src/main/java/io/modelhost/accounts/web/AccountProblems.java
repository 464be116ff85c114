package io.modelhost.accounts.web;

import io.modelhost.accounts.AccountException;
import io.modelhost.accounts.ApiKeyNotFoundException;
import io.modelhost.accounts.EmailTakenException;
import io.modelhost.accounts.InvalidCredentialsException;
import io.modelhost.accounts.InvitationInvalidException;
import io.modelhost.accounts.InvitationNotFoundException;
import io.modelhost.accounts.LastAdminException;
import io.modelhost.accounts.ModelLimitReachedException;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.accounts.OwnAccountException;
import io.modelhost.accounts.PasswordHashingBusyException;
import io.modelhost.accounts.RegistrationClosedException;
import io.modelhost.accounts.StorageLimitReachedException;
import io.modelhost.accounts.TooManyLoginAttemptsException;
import io.modelhost.accounts.TooManyPasswordChangesException;
import io.modelhost.accounts.UserNotFoundException;
import io.modelhost.accounts.UsernameTakenException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The accounts module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class AccountProblems {

	@ExceptionHandler(AccountException.class)
	ResponseEntity<ProblemDetail> handle(AccountException ex, HttpServletRequest request) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status(ex));
		ProblemDetail problem = switch (ex) {
			// one answer for a taken username and a taken email address: registration
			// must not tell whether an address has an account
			case UsernameTakenException taken -> unavailable();
			case EmailTakenException taken -> unavailable();
			case InvalidCredentialsException invalid -> Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials",
					"Invalid credentials", "The username, password or token is wrong, used or expired.");
			case ApiKeyNotFoundException missing -> Problems.of(HttpStatus.NOT_FOUND, "api-key-not-found",
					"API key not found", "You have no API key with this id.");
			case ModelOutOfScopeException outOfScope -> Problems.of(HttpStatus.FORBIDDEN, "model-out-of-scope",
					"Model out of the key's scope", "This API key may be used only with the models it was made for.");
			case UserNotFoundException missing ->
				Problems.of(HttpStatus.NOT_FOUND, "user-not-found", "User not found", "No user has this id.");
			case OwnAccountException own -> Problems.of(HttpStatus.CONFLICT, "own-account", "Own account",
					"Administrators cannot disable, demote or delete themselves; ask another administrator.");
			case LastAdminException last -> Problems.of(HttpStatus.CONFLICT, "last-admin", "Last administrator",
					"The last enabled administrator cannot be disabled, demoted or deleted; "
							+ "make another user an administrator first.");
			case RegistrationClosedException closed -> Problems.of(HttpStatus.FORBIDDEN, "registration-closed",
					"Registration closed", "This server does not take sign-ups; an administrator creates accounts.");
			// one answer for every reason, so that nobody learns which invitations exist
			case InvitationInvalidException invalid ->
				Problems.of(HttpStatus.FORBIDDEN, "invitation-invalid", "Invitation invalid",
						"Sign-up needs a valid invitation. This one is missing, wrong, used, expired, revoked or made "
								+ "for another email address; ask an administrator for a new one.");
			case InvitationNotFoundException missing -> Problems.of(HttpStatus.NOT_FOUND, "invitation-not-found",
					"Invitation not found", "No invitation has this id.");
			case ModelLimitReachedException reached -> modelLimitReached(reached);
			case StorageLimitReachedException reached -> storageLimitReached(reached);
			case TooManyLoginAttemptsException throttled -> {
				long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
				response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				yield Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-attempts", "Too many login attempts",
						"Too many failed logins for this username from your network. Try again in " + seconds + " s.");
			}
			case TooManyPasswordChangesException throttled -> {
				long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
				response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				yield Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-password-changes",
						"Too many password changes",
						"Too many password changes for this account lately. Try again in " + seconds + " s.");
			}
			case PasswordHashingBusyException busy -> {
				long seconds = Math.max(1, busy.retryAfter().toSeconds());
				response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				yield Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "accounts-busy", "Accounts busy",
						"Too many sign-ups, logins and password changes are being checked at once. Try again in "
								+ seconds + " s.");
			}
		};
		return response.body(ProblemResponses.withRequestId(request, problem));
	}

	static ProblemDetail modelLimitReached(ModelLimitReachedException reached) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "model-limit-reached", "Model limit reached",
				"The owner may keep " + reached.limit() + " models and keeps " + reached.models()
						+ " (archived ones count until deleted for good). Delete a model, or ask an administrator "
						+ "for a higher limit; a new version of an existing model is no new model.");
		problem.setProperty("limit", reached.limit());
		problem.setProperty("models", reached.models());
		return problem;
	}

	/** Also written by {@link DeclaredUploadCheck}, before the body is read. */
	static ProblemDetail storageLimitReached(StorageLimitReachedException reached) {
		ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "storage-limit-reached",
				"Storage limit reached",
				"This upload of " + reached.uploadBytes() + " bytes would pass the owner's storage limit of "
						+ reached.limit() + " bytes; they keep " + reached.storedBytes()
						+ ". Nothing of it was kept. Delete models, versions or datasets, or ask an administrator "
						+ "for a higher limit.");
		problem.setProperty("limit", reached.limit());
		problem.setProperty("storedBytes", reached.storedBytes());
		problem.setProperty("uploadBytes", reached.uploadBytes());
		return problem;
	}

	private static ProblemDetail unavailable() {
		return Problems.of(HttpStatus.CONFLICT, "account-unavailable", "Username or email address unavailable",
				"This username or email address cannot be used for a new account. Choose another username; "
						+ "if you already have an account, sign in instead.");
	}

	private static HttpStatus status(AccountException ex) {
		return switch (ex) {
			case UsernameTakenException taken -> HttpStatus.CONFLICT;
			case EmailTakenException taken -> HttpStatus.CONFLICT;
			case InvalidCredentialsException invalid -> HttpStatus.UNAUTHORIZED;
			case ApiKeyNotFoundException missing -> HttpStatus.NOT_FOUND;
			case TooManyLoginAttemptsException throttled -> HttpStatus.TOO_MANY_REQUESTS;
			case ModelOutOfScopeException outOfScope -> HttpStatus.FORBIDDEN;
			case UserNotFoundException missing -> HttpStatus.NOT_FOUND;
			case OwnAccountException own -> HttpStatus.CONFLICT;
			case LastAdminException last -> HttpStatus.CONFLICT;
			case PasswordHashingBusyException busy -> HttpStatus.SERVICE_UNAVAILABLE;
			case TooManyPasswordChangesException throttled -> HttpStatus.TOO_MANY_REQUESTS;
			case RegistrationClosedException closed -> HttpStatus.FORBIDDEN;
			case InvitationInvalidException invalid -> HttpStatus.FORBIDDEN;
			case InvitationNotFoundException missing -> HttpStatus.NOT_FOUND;
			case ModelLimitReachedException reached -> HttpStatus.CONFLICT;
			case StorageLimitReachedException reached -> HttpStatus.CONTENT_TOO_LARGE;
		};
	}

}
