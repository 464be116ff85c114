package io.modelhost.dashboard;

import java.util.Optional;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.EmailTakenException;
import io.modelhost.accounts.PasswordHashingBusyException;
import io.modelhost.accounts.UsernameTakenException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The landing page for signed-out visitors, and the first-run setup: on an installation
 * with no administrator (and none configured), a form that creates the first one and
 * signs them in. Once any administrator exists the setup answers 409 and creates nothing.
 */
@Controller
class FirstRunPages {

	/** The shortest password the first administrator may have. */
	private static final int ADMIN_PASSWORD_LENGTH = 12;

	private final Accounts accounts;

	FirstRunPages(Accounts accounts) {
		this.accounts = accounts;
	}

	/** What Modelhost does, with the ways in; a signed-in user goes to their models. */
	@GetMapping("/")
	String home(HttpServletRequest request, Model page) {
		if (request.getUserPrincipal() != null) {
			return "redirect:/models";
		}
		page.addAttribute("awaitsFirstAdministrator", this.accounts.awaitsFirstAdministrator());
		return "landing";
	}

	@GetMapping("/setup")
	String setupForm(HttpServletResponse response, Model page) {
		if (!this.accounts.awaitsFirstAdministrator()) {
			return done(response, page);
		}
		page.addAttribute("form", new SessionPages.SignUpForm("", "", "", null));
		return "setup";
	}

	@PostMapping("/setup")
	String setup(@Valid @ModelAttribute("form") SessionPages.SignUpForm form, BindingResult errors,
			HttpServletRequest request, HttpServletResponse response, Model page) {
		if (!this.accounts.awaitsFirstAdministrator()) {
			return done(response, page);
		}
		if (!errors.hasFieldErrors("password") && form.password() != null
				&& form.password().length() < ADMIN_PASSWORD_LENGTH) {
			// as for modelhost.accounts.admin.password
			errors.rejectValue("password", "short",
					"An administrator's password has at least " + ADMIN_PASSWORD_LENGTH + " characters.");
		}
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return "setup";
		}
		Optional<Account> created;
		try {
			created = this.accounts.createFirstAdministrator(form.username(), form.email(), form.password());
		}
		catch (UsernameTakenException | EmailTakenException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			errors.reject("unavailable", "This username or email address belongs to an account already. "
					+ "Choose others for the administrator.");
			return "setup";
		}
		catch (PasswordHashingBusyException ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
			page.addAttribute("busy", true);
			return "setup";
		}
		if (created.isEmpty()) {
			return done(response, page);
		}
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		try {
			request.login(form.username(), form.password());
		}
		catch (ServletException ex) {
			return "redirect:/login?busy";
		}
		return "redirect:/admin/users";
	}

	private static String done(HttpServletResponse response, Model page) {
		response.setStatus(HttpStatus.CONFLICT.value());
		page.addAttribute("title", "Already set up");
		page.addAttribute("detail", "This server has an administrator already, so the first-run setup is closed "
				+ "and created nothing. Sign in; an administrator manages the accounts.");
		return "error-page";
	}

}
