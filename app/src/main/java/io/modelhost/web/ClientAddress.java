package io.modelhost.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for anonymous quotas and the audit log. {@code
 * X-Forwarded-For} is read only when the connection comes from a trusted proxy
 * ({@code modelhost.web.trusted-proxies}), and then the right-most address no trusted
 * proxy added is taken: a client cannot choose whose bucket is charged, or what the audit
 * log records, by sending the header itself.
 */
@Component
public final class ClientAddress {

	private final List<String> trustedProxies;

	@Autowired
	public ClientAddress(WebProperties properties) {
		this(properties.trustedProxies());
	}

	ClientAddress(List<String> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	public String of(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!this.trustedProxies.contains(remote)) {
			return remote;
		}
		String forwarded = request.getHeader("X-Forwarded-For");
		if (forwarded == null || forwarded.isBlank()) {
			return remote;
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].strip();
			if (!hop.isEmpty() && !this.trustedProxies.contains(hop)) {
				return hop;
			}
		}
		return remote;
	}

}
