package io.modelhost.quotas.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request comes from, for anonymous quotas. {@code X-Forwarded-For} is read
 * only when the connection comes from a trusted proxy, and then the right-most address no
 * trusted proxy added is taken: a client cannot choose whose bucket is charged by sending
 * the header itself.
 */
final class ClientAddress {

	private final List<String> trustedProxies;

	ClientAddress(List<String> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	String of(HttpServletRequest request) {
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
