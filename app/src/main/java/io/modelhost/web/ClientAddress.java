package io.modelhost.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for anonymous quotas and the audit log. {@code
 * X-Forwarded-For} is read only when the connection comes from a trusted proxy
 * ({@code modelhost.web.trusted-proxies}), and then the right-most address no trusted
 * proxy added is taken: a client cannot choose whose bucket is charged, or what the audit
 * log records, by sending the header itself. Per-address limits count a client by its
 * {@link #network network}.
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

	/** The address the request comes from, as the connection or a trusted proxy says. */
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

	/**
	 * What per-address limits count the request's client as: its {@link #of address} for
	 * IPv4, and for IPv6 the address's /64, which is one subscriber's network (a client
	 * may use any of its 2^64 addresses, so counting them apart would give it a fresh
	 * bucket per request).
	 */
	public String network(HttpServletRequest request) {
		return network(of(request));
	}

	/**
	 * An address's network for per-address limits: an IPv4 address as it is (an
	 * IPv4-mapped IPv6 address as its IPv4 address), an IPv6 address as its /64
	 * ({@code 2001:db8:1:2::/64}), and anything that is no IP address literal (a proxy
	 * may forward a name or {@code unknown}) as it is, never looked up.
	 */
	static String network(String address) {
		InetAddress parsed;
		try {
			parsed = InetAddress.ofLiteral(address.strip());
		}
		catch (IllegalArgumentException ex) {
			return address;
		}
		if (parsed instanceof Inet4Address) {
			return parsed.getHostAddress();
		}
		byte[] bytes = parsed.getAddress();
		var prefix = new StringBuilder();
		for (int i = 0; i < 8; i += 2) {
			prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
		}
		return prefix + ":/64";
	}

}
