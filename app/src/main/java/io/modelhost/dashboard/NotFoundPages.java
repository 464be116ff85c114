package io.modelhost.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An address nothing answers: a browser gets the dashboard's 404 page, with the header
 * and a way back; every other client, and every request to the JSON API's paths, the
 * API's problem (the JSON API's own fallback handler answers it, unchanged). Applies to
 * every handler, since an unknown address has no controller.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotFoundPages {

	/** Where the JSON API and the standard protocols live: they answer problems only. */
	private static final String[] API_PATHS = { "/api/", "/v1/", "/v2/", "/v3/", "/actuator/" };

	private final DashboardAdvice pages;

	private final ResponseEntityExceptionHandler api;

	NotFoundPages(DashboardAdvice pages, ResponseEntityExceptionHandler api) {
		this.pages = pages;
		this.api = api;
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	Object notFound(Exception ex, HttpServletRequest request, HttpServletResponse response) throws Exception {
		if (!browser(request)) {
			return this.api.handleException(ex, new ServletWebRequest(request, response));
		}
		var view = new ModelAndView("error-page");
		view.setStatus(HttpStatus.NOT_FOUND);
		view.addObject("title", "Page not found");
		view.addObject("detail",
				"There is nothing at this address. Check it for typing errors, or start again " + "from your models.");
		view.addObject("me", this.pages.me(request));
		view.addObject("admin", this.pages.admin());
		view.addObject("signUpOpen", this.pages.signUpOpen());
		return view;
	}

	/** A browser loading a page: it asks for HTML, outside the API's paths. */
	static boolean browser(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null || !accept.contains("text/html")) {
			return false;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		for (String api : API_PATHS) {
			if (path.startsWith(api)) {
				return false;
			}
		}
		return true;
	}

}
