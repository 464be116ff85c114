package io.modelhost.quotas.web;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.modelhost.quotas.Quotas;
import io.modelhost.web.ClientAddress;
import io.modelhost.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the quota filters: one after Spring Security's filters (so the caller is
 * known) on the API's paths and the dashboard's test console, and one before them on the
 * dashboard's anonymous form posts, sign-in and sign-up, which Spring Security's form
 * login answers itself.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

	/**
	 * The test console's form: it calls a model as the API would, for the session's user.
	 */
	private static final Pattern CONSOLE = Pattern.compile("/models/[^/]+/console");

	@Bean
	FilterRegistrationBean<QuotaFilter> quotaFilter(Quotas quotas, ClientAddress addresses, ProblemResponses problems) {
		Predicate<HttpServletRequest> charged = (request) -> {
			String path = request.getRequestURI();
			if (path.startsWith("/models/")) {
				return "POST".equals(request.getMethod()) && CONSOLE.matcher(path).matches();
			}
			return !path.startsWith("/v2/health/") && !path.startsWith("/v3/api-docs");
		};
		var registration = new FilterRegistrationBean<>(
				new QuotaFilter(quotas, addresses, problems, charged, QuotaFilter.Charge.CALLER));
		registration.setName("quotaFilter");
		registration.addUrlPatterns("/api/*", "/v1/*", "/v2/*", "/models/*");
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<QuotaFilter> anonymousPageQuotaFilter(Quotas quotas, ClientAddress addresses,
			ProblemResponses problems) {
		var registration = new FilterRegistrationBean<>(new QuotaFilter(quotas, addresses, problems,
				(request) -> "POST".equals(request.getMethod()), QuotaFilter.Charge.ADDRESS));
		registration.setName("anonymousPageQuotaFilter");
		registration.addUrlPatterns("/login", "/signup");
		// before the form login answers the post, and before the session is touched
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

}
