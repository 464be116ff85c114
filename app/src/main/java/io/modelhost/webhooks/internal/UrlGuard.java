package io.modelhost.webhooks.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import io.modelhost.webhooks.InvalidWebhookException;

/**
 * Keeps webhooks off addresses inside the platform's network (server-side request
 * forgery): a URL must be http or https, and every address its host resolves to must be
 * public — not loopback, link-local (cloud metadata at 169.254.169.254 included),
 * private, unique-local, CGNAT, unspecified or multicast — unless an administrator allows
 * non-public addresses. Checked at registration and again before every attempt, so a name
 * that later resolves inwards (DNS rebinding) is refused then.
 */
public final class UrlGuard {

	private final boolean allowPrivate;

	public UrlGuard(boolean allowPrivate) {
		this.allowPrivate = allowPrivate;
	}

	/**
	 * The URL, if it may be called.
	 * @throws InvalidWebhookException if it may not, saying why
	 */
	public URI check(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (java.net.URISyntaxException ex) {
			throw new InvalidWebhookException("url", "the URL is not valid");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidWebhookException("url", "the URL must be http or https");
		}
		if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
			throw new InvalidWebhookException("url", "the URL must have a host and no user info or fragment");
		}
		if (!this.allowPrivate) {
			InetAddress[] addresses;
			try {
				addresses = InetAddress.getAllByName(uri.getHost());
			}
			catch (UnknownHostException ex) {
				throw new InvalidWebhookException("url", "the URL's host does not resolve");
			}
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new InvalidWebhookException("url", "the URL's host resolves to a non-public address ("
							+ address.getHostAddress() + "); an administrator can allow such addresses");
				}
			}
		}
		return uri;
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// CGNAT 100.64/10, "this network" 0/8, benchmarking 198.18/15, reserved 240/4
			return !((first == 100 && second >= 64 && second <= 127) || first == 0
					|| (first == 198 && (second == 18 || second == 19)) || first >= 240);
		}
		if (address instanceof Inet6Address) {
			// unique local fc00::/7; IPv4-mapped addresses are checked as IPv4
			if ((bytes[0] & 0xfe) == 0xfc) {
				return false;
			}
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
				try {
					return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
		}
		return true;
	}

}
