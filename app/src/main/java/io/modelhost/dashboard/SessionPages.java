package io.modelhost.dashboard;

import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.EmailTakenException;
import io.modelhost.accounts.PasswordHashingBusyException;
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
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

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
	String login(HttpServletRequest request) {
		return (request.getUserPrincipal() != null) ? "redirect:/models" : "login";
	}

	/**
	 * Where the security filters forward a browser's refused request (any method), with
	 * status 403: most often a form posted after its session ended.
	 */
	@RequestMapping("/denied")
	String denied(Model page) {
		page.addAttribute("title", "This form is out of date");
		page.addAttribute("detail", "Nothing was changed. Your session may have ended: sign in again, "
				+ "reload the page and repeat what you did.");
		return "error-page";
	}

	@GetMapping("/signup")
	String signUpForm(Model page) {
		page.addAttribute("form", new SignUpForm("", "", ""));
		return "signup";
	}

	@PostMapping("/signup")
	String signUp(@Valid @ModelAttribute("form") SignUpForm form, BindingResult errors, HttpServletRequest request,
			HttpServletResponse response, Model page) {
		if (errors.hasErrors()) {
			return "signup";
		}
		try {
			this.accounts.register(form.username(), form.email(), form.password());
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
					message = "A password has 8 to 128 characters.") @Nullable String password) {

		@Override
		public String toString() {
			return "SignUpForm[" + this.username + "]";
		}

	}

}
