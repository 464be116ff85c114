package io.modelhost.dashboard;

import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.EmailTakenException;
import io.modelhost.accounts.InvitationInvalidException;
import io.modelhost.accounts.PasswordHashingBusyException;
import io.modelhost.accounts.Registration;
import io.modelhost.accounts.RegistrationClosedException;
import io.modelhost.accounts.UsernameTakenException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in and sign-up. The sign-in form posts to Spring Security's form login; sign-up
 * registers through {@link Accounts} and then signs the new user in through the same
 * login, so its throttle and rules apply.
 */
@Controller
class SessionPages {

	private final Accounts accounts;

	SessionPages(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model page) {
		if (request.getUserPrincipal() != null) {
			return "redirect:/models";
		}
		page.addAttribute("awaitsFirstAdministrator", this.accounts.awaitsFirstAdministrator());
		return "login";
	}

	/**
	 * Where the security filters forward a browser's refused request (any method), with
	 * status 403: a form posted without a valid CSRF token (most often after its session
	 * ended), or a signed-in user who is no administrator at an administrators' page.
	 */
	@RequestMapping("/denied")
	String denied(HttpServletRequest request, Model page) {
		if (!(request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException)) {
			// the site's only other access rule: the administrators' pages
			page.addAttribute("title", "Administrators only");
			page.addAttribute("detail", "This page is for administrators only, and you are signed in without "
					+ "that role. Ask an administrator if you need it.");
			return "error-page";
		}
		page.addAttribute("title", "This form is out of date");
		page.addAttribute("detail", "Nothing was changed. Your session may have ended: sign in again, "
				+ "reload the page and repeat what you did.");
		return "error-page";
	}

	/**
	 * The sign-up form; with {@code modelhost.accounts.registration=closed} a 403 page
	 * saying so, and with {@code invite} the form only for a link carrying an invitation.
	 */
	@GetMapping("/signup")
	String signUpForm(@RequestParam(name = "invitation", required = false) @Nullable String invitation,
			HttpServletResponse response, Model page) {
		page.addAttribute("registration", this.accounts.registration().name().toLowerCase(java.util.Locale.ROOT));
		switch (this.accounts.registration()) {
			case OPEN -> {
			}
			case CLOSED -> {
				response.setStatus(HttpServletResponse.SC_FORBIDDEN);
				return "signup";
			}
			case INVITE -> {
				if (invitation == null || invitation.isBlank() || invitation.length() > 200) {
					response.setStatus(HttpServletResponse.SC_FORBIDDEN);
					page.addAttribute("needsInvitation", true);
					return "signup";
				}
			}
		}
		page.addAttribute("form", new SignUpForm("", "", "", invitation));
		return "signup";
	}

	@PostMapping("/signup")
	String signUp(@Valid @ModelAttribute("form") SignUpForm form, BindingResult errors, HttpServletRequest request,
			HttpServletResponse response, Model page) {
		page.addAttribute("registration", this.accounts.registration().name().toLowerCase(java.util.Locale.ROOT));
		if (this.accounts.registration() == Registration.CLOSED) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return "signup";
		}
		if (errors.hasErrors()) {
			return "signup";
		}
		try {
			this.accounts.register(form.username(), form.email(), form.password(), form.invitation());
		}
		catch (RegistrationClosedException ex) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return "signup";
		}
		catch (InvitationInvalidException ex) {
			// one answer for every reason, as in the API
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			errors.reject("invitation-invalid", "This invitation cannot be used: it is wrong, used, expired, revoked "
					+ "or made for another email address. Ask an administrator for a new one.");
			return "signup";
		}
		catch (UsernameTakenException | EmailTakenException ex) {
			// one answer for both: sign-up must not tell whether an address has an
			// account
			errors.reject("unavailable", "This username or email address cannot be used for a new account. "
					+ "Choose another username; if you already have an account, sign in instead.");
			return "signup";
		}
		catch (PasswordHashingBusyException ex) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
			page.addAttribute("busy", true);
			return "signup";
		}
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		try {
			request.login(form.username(), form.password());
		}
		catch (ServletException ex) {
			// the account exists; only signing in failed (the server was too busy to
			// check the password): sign in by hand
			return "redirect:/login?busy";
		}
		return "redirect:/models";
	}

	/** The sign-up form, with the API's rules for usernames, emails and passwords. */
	record SignUpForm(@NotBlank(message = "Choose a username.") @Size(min = 3, max = 32,
			message = "A username has 3 to 32 characters.") @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
					message = "A username may contain letters, digits, '.', '_' and '-', and starts with a letter or digit.") @Nullable String username,
			@NotBlank(message = "Enter your email address.") @Email(message = "This is not an email address.") @Size(
					max = 254) @Nullable String email,
			@NotBlank(message = "Choose a password.") @Size(min = 8, max = 128,
					message = "A password has 8 to 128 characters.") @Nullable String password,
			@Size(max = 200, message = "This invitation is not valid.") @Nullable String invitation) {

		@Override
		public String toString() {
			return "SignUpForm[" + this.username + "]";
		}

	}

}
