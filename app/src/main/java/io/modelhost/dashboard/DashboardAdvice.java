package io.modelhost.dashboard;

import java.security.Principal;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Registration;
import io.modelhost.accounts.ApiKeyNotFoundException;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.InvitationNotFoundException;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserNotFoundException;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.ImageNotFoundException;
import io.modelhost.datasets.WrongDatasetKindException;
import io.modelhost.jobs.JobNotFoundException;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.VersionNotFoundException;
import io.modelhost.webhooks.WebhookNotFoundException;
import io.modelhost.web.DatabaseUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * The pages' errors as pages (the modules' problem-detail advices are for the JSON API),
 * and who is signed in, for the header. Runs before every other advice, for the
 * dashboard's controllers only.
 */
@ControllerAdvice(basePackageClasses = DashboardAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardAdvice {

	private static final Logger log = LoggerFactory.getLogger(DashboardAdvice.class);

	private final Accounts accounts;

	private final OpenAlerts openAlerts;

	DashboardAdvice(Accounts accounts, OpenAlerts openAlerts) {
		this.accounts = accounts;
		this.openAlerts = openAlerts;
	}

	/** The signed-in user's name, or null on the public pages. */
	@ModelAttribute("me")
	@Nullable String me(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			return null;
		}
		return this.accounts.find(new UserId(principal.getName())).map(Account::username).orElse(null);
	}

	@ExceptionHandler({ ModelNotFoundException.class, VersionNotFoundException.class })
	ModelAndView notFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "Model not found",
				"You have no model at this address, and none is shared with you.");
	}

	/**
	 * How many alerts are open on the signed-in user's models, for the header's bell;
	 * null when nobody is signed in, and for what is not a whole page (a post, an htmx
	 * swap).
	 */
	@ModelAttribute("openAlertCount")
	@Nullable Integer openAlertCount(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!"GET".equals(request.getMethod()) || request.getHeader("HX-Request") != null || authentication == null
				|| !(authentication.getPrincipal() instanceof Caller caller)) {
			return null;
		}
		return this.openAlerts.count(caller.userId(), request);
	}

	/** Whether the signed-in user is an administrator, for the header's Admin link. */
	@ModelAttribute("admin")
	boolean admin() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof Caller caller && caller.admin();
	}

	/**
	 * Whether anyone may sign up ({@code modelhost.accounts.registration=open}), for the
	 * header's Sign up link.
	 */
	@ModelAttribute("signUpOpen")
	boolean signUpOpen() {
		return this.accounts.registration() == Registration.OPEN;
	}

	@ExceptionHandler(UserNotFoundException.class)
	ModelAndView userNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "User not found", "No user has this id.");
	}

	@ExceptionHandler(InvitationNotFoundException.class)
	ModelAndView invitationNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "Invitation not found", "No invitation has this id.");
	}

	@ExceptionHandler(WebhookNotFoundException.class)
	ModelAndView webhookNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "Webhook not found", "You have no webhook with this id.");
	}

	@ExceptionHandler(DatasetNotFoundException.class)
	ModelAndView datasetNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "Dataset not found", "You have no dataset at this address.");
	}

	@ExceptionHandler(ImageNotFoundException.class)
	ModelAndView imageNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "Picture not found", "The dataset has no picture at this address.");
	}

	@ExceptionHandler(WrongDatasetKindException.class)
	ModelAndView wrongKind(WrongDatasetKindException ex, HttpServletRequest request) {
		return error(request, HttpStatus.CONFLICT, "Wrong kind of dataset", DatasetPages.sentence(ex.getMessage()));
	}

	@ExceptionHandler(JobNotFoundException.class)
	ModelAndView jobNotFound(HttpServletRequest request) {
		String what = request.getRequestURI().startsWith("/evaluations/") ? "evaluation"
				: request.getRequestURI().startsWith("/comparisons/") ? "comparison" : "training";
		return error(request, HttpStatus.NOT_FOUND,
				Character.toUpperCase(what.charAt(0)) + what.substring(1) + " not found",
				"You have no " + (what.equals("training") ? "training job" : what) + " at this address.");
	}

	@ExceptionHandler(ApiKeyNotFoundException.class)
	ModelAndView keyNotFound(HttpServletRequest request) {
		return error(request, HttpStatus.NOT_FOUND, "API key not found", "You have no live API key with this id.");
	}

	@ExceptionHandler(NotPermittedException.class)
	ModelAndView notPermitted(NotPermittedException ex, HttpServletRequest request) {
		return error(request, HttpStatus.FORBIDDEN, "Not permitted",
				"This model is shared with you, but you may not do this with it (you need the " + ex.needed().label()
						+ " permission).");
	}

	@ExceptionHandler(ModelInactiveException.class)
	ModelAndView inactive(HttpServletRequest request) {
		return error(request, HttpStatus.FORBIDDEN, "Model inactive", "Activate the model first.");
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception ex, HttpServletRequest request, HttpServletResponse servletResponse) {
		if (DatabaseUnavailable.causedBy(ex)) {
			log.warn("Database unavailable for page {} {}: {}", request.getMethod(), request.getRequestURI(),
					DatabaseUnavailable.rootCause(ex));
			servletResponse.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
			// no "me": finding the signed-in user's name needs the database
			var view = new ModelAndView("error-page");
			view.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
			view.addObject("title", "Database unavailable");
			view.addObject("detail", "The server cannot reach its database just now. Try again in a minute; "
					+ "your models keep answering predictions meanwhile.");
			return view;
		}
		if (ex instanceof ErrorResponse response) {
			// Spring MVC's own: a request the page cannot take (missing field, wrong
			// method)
			HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
			return error(request, (status != null) ? status : HttpStatus.BAD_REQUEST, "Request not understood",
					"The page could not handle this request. Go back and try again.");
		}
		log.error("Unexpected error on page {} {}", request.getMethod(), request.getRequestURI(), ex);
		return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
				"The server failed to show this page. Try again; if it keeps failing, report the time it happened.");
	}

	private ModelAndView error(HttpServletRequest request, HttpStatus status, String title, String detail) {
		var view = new ModelAndView("error-page");
		view.setStatus(status);
		view.addObject("title", title);
		view.addObject("detail", detail);
		view.addObject("me", me(request));
		return view;
	}

}
