package io.modelhost.webhooks.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.modelhost.webhooks.InvalidWebhookException;

/**
 * Keeps webhooks off addresses inside the platform's network (server-side request
 * forgery): a URL must be http or https, and every address its host resolves to must be
 * public, unless an administrator allows non-public addresses. Refused: loopback,
 * link-local (cloud metadata at 169.254.169.254 included), private, unique-local,
 * site-local, CGNAT, unspecified, reserved, multicast, NAT64, Teredo and the deprecated
 * IPv4-compatible IPv6 form; IPv6 forms that embed an IPv4 address (mapped, translated,
 * 6to4) are judged by the IPv4 address inside.
 * <p>
 * {@link #destination(String)} resolves the host once and returns the addresses it
 * checked; the delivery connects to those and nothing else, so a name that resolves to a
 * public address for the check and to an inside one a moment later (DNS rebinding) cannot
 * get a request inside.
 */
public final class UrlGuard {

	/** How a host name becomes addresses: the system's resolver, or a fake in tests. */
	@FunctionalInterface
	public interface Resolver {

		/** The system's resolver ({@link InetAddress#getAllByName(String)}). */
		Resolver SYSTEM = InetAddress::getAllByName;

		/**
		 * Every address of a host name.
		 * @throws UnknownHostException if it has none
		 */
		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final boolean allowPrivate;

	private final Resolver resolver;

	public UrlGuard(boolean allowPrivate) {
		this(allowPrivate, Resolver.SYSTEM);
	}

	public UrlGuard(boolean allowPrivate, Resolver resolver) {
		this.allowPrivate = allowPrivate;
		this.resolver = resolver;
	}

	/**
	 * The URL, if it may be called (at registration).
	 * @throws InvalidWebhookException if it may not, saying why
	 */
	public URI check(String url) {
		URI uri = parse(url);
		if (!this.allowPrivate) {
			addresses(uri);
		}
		return uri;
	}

	/**
	 * Where an attempt may connect: the host resolved once, every address checked.
	 * @throws InvalidWebhookException if the URL may not be called, saying why
	 */
	Destination destination(String url) {
		URI uri = parse(url);
		boolean tls = uri.getScheme().equalsIgnoreCase("https");
		int port = (uri.getPort() != -1) ? uri.getPort() : (tls ? 443 : 80);
		return new Destination(uri, bare(uri.getHost()), port, tls, addresses(uri));
	}

	private static URI parse(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhookException("url", "the URL is not valid");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidWebhookException("url", "the URL must be http or https");
		}
		if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
			throw new InvalidWebhookException("url", "the URL must have a host and no user info or fragment");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new InvalidWebhookException("url", "the URL's port must be in 1..65535");
		}
		return uri;
	}

	private List<InetAddress> addresses(URI uri) {
		String host = bare(uri.getHost());
		List<InetAddress> addresses;
		try {
			addresses = List.of(InetAddress.ofLiteral(host));
		}
		catch (IllegalArgumentException notLiteral) {
			try {
				addresses = List.of(this.resolver.resolve(host));
			}
			catch (UnknownHostException ex) {
				throw new InvalidWebhookException("url", "the URL's host does not resolve");
			}
		}
		if (addresses.isEmpty()) {
			throw new InvalidWebhookException("url", "the URL's host does not resolve");
		}
		if (!this.allowPrivate) {
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new InvalidWebhookException("url", "the URL's host resolves to a non-public address ("
							+ address.getHostAddress() + "); an administrator can allow such addresses");
				}
			}
		}
		return addresses;
	}

	/** The host without the brackets of an IPv6 literal. */
	private static String bare(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		return switch (address) {
			case Inet4Address v4 -> isPublicV4(bytes);
			case Inet6Address v6 -> isPublicV6(bytes);
			default -> false;
		};
	}

	private static boolean isPublicV4(byte[] bytes) {
		int first = bytes[0] & 0xff;
		int second = bytes[1] & 0xff;
		int third = bytes[2] & 0xff;
		// 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16 and 224/4 are caught by the
		// InetAddress predicates; here: "this network" 0/8, CGNAT 100.64/10, IETF
		// protocol
		// assignments 192.0.0/24 (NAT64 discovery among them), benchmarking 198.18/15,
		// reserved 240/4 with broadcast
		return !(first == 0 || (first == 100 && second >= 64 && second <= 127)
				|| (first == 192 && second == 0 && third == 0) || (first == 198 && (second == 18 || second == 19))
				|| first >= 240);
	}

	private static boolean isPublicV6(byte[] bytes) {
		// unique local fc00::/7
		if ((bytes[0] & 0xfe) == 0xfc) {
			return false;
		}
		// NAT64, the well-known 64:ff9b::/96 and the local-use 64:ff9b:1::/48: the
		// translator sits inside the network and reaches IPv4 addresses from there
		if (prefix(bytes, 0x00, 0x64, 0xff, 0x9b)) {
			return false;
		}
		// Teredo 2001::/32: a tunnel through a relay whose far end is not what was
		// checked
		if (prefix(bytes, 0x20, 0x01, 0x00, 0x00)) {
			return false;
		}
		// 6to4 2002::/16 carries the IPv4 address of its gateway in the next 32 bits
		if (prefix(bytes, 0x20, 0x02)) {
			return isPublicEmbedded(Arrays.copyOfRange(bytes, 2, 6));
		}
		if (zero(bytes, 0, 8)) {
			boolean mapped = zero(bytes, 8, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
			boolean translated = (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff && zero(bytes, 10, 12);
			if (mapped || translated) {
				// ::ffff:a.b.c.d and ::ffff:0:a.b.c.d reach the IPv4 address inside
				return isPublicEmbedded(Arrays.copyOfRange(bytes, 12, 16));
			}
			if (zero(bytes, 8, 12)) {
				// IPv4-compatible ::a.b.c.d, deprecated (RFC 4291) and never a real
				// receiver
				return false;
			}
		}
		return true;
	}

	private static boolean isPublicEmbedded(byte[] v4) {
		try {
			return isPublic(InetAddress.getByAddress(v4));
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean prefix(byte[] bytes, int... expected) {
		for (int i = 0; i < expected.length; i++) {
			if ((bytes[i] & 0xff) != expected[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean zero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
