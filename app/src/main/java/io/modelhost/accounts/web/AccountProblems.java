package io.modelhost.accounts.web;

import io.modelhost.accounts.AccountException;
import io.modelhost.accounts.ApiKeyNotFoundException;
import io.modelhost.accounts.EmailTakenException;
import io.modelhost.accounts.InvalidCredentialsException;
import io.modelhost.accounts.UsernameTakenException;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The accounts module's exceptions as problem details. */
@RestControllerAdvice
@Order(Problems.MODULE_ADVICE_ORDER)
class AccountProblems {

	@ExceptionHandler(AccountException.class)
	ProblemDetail handle(AccountException ex, HttpServletRequest request) {
		ProblemDetail problem = switch (ex) {
			case UsernameTakenException taken -> Problems.of(HttpStatus.CONFLICT, "username-taken", "Username taken",
					"Another account has this username.");
			case EmailTakenException taken -> Problems.of(HttpStatus.CONFLICT, "email-taken", "Email taken",
					"Another account has this email address.");
			case InvalidCredentialsException invalid -> Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials",
					"Invalid credentials", "The username or password is wrong.");
			case ApiKeyNotFoundException missing -> Problems.of(HttpStatus.NOT_FOUND, "api-key-not-found",
					"API key not found", "You have no API key with this id.");
		};
		return ProblemResponses.withRequestId(request, problem);
	}

}
