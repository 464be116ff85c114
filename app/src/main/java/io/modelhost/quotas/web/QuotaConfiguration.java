package io.modelhost.quotas.web;

import io.modelhost.quotas.Quotas;
import io.modelhost.web.ClientAddress;
import io.modelhost.web.ProblemResponses;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the quota filter on the API's paths, after Spring Security's filters. */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

	@Bean
	FilterRegistrationBean<QuotaFilter> quotaFilter(Quotas quotas, ClientAddress addresses, ProblemResponses problems) {
		var registration = new FilterRegistrationBean<>(new QuotaFilter(quotas, addresses, problems));
		registration.addUrlPatterns("/api/*", "/v1/*", "/v2/*");
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

}
