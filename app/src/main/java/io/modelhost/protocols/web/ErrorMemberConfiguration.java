package io.modelhost.protocols.web;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link RawBodyFilter} and {@link ErrorMemberFilter} ahead of the security
 * filters.
 */
@Configuration(proxyBeanMethods = false)
class ErrorMemberConfiguration {

	@Bean
	FilterRegistrationBean<ErrorMemberFilter> errorMemberFilter(JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new ErrorMemberFilter(json));
		registration.setName("protocolErrorMemberFilter");
		// every path: an error page dispatch has the path /error, the filter checks the
		// original one
		registration.addUrlPatterns("/*");
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RawBodyFilter> rawBodyFilter() {
		var registration = new FilterRegistrationBean<>(new RawBodyFilter());
		registration.setName("protocolRawBodyFilter");
		registration.addUrlPatterns("/v1/*", "/v2", "/v2/*");
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 11);
		return registration;
	}

}
