package io.modelhost.webhooks.internal;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * Where one delivery attempt goes: the URL as registered, and the addresses its host
 * resolved to when {@link UrlGuard} checked it. The connection is made to these addresses
 * only, never to a fresh resolution of the name, so what was checked is what is called.
 *
 * @param uri the webhook's URL
 * @param host the name to send as {@code Host} and TLS server name (without IPv6
 * brackets)
 * @param port the port, the scheme's default if the URL names none
 * @param tls whether the URL is https
 * @param addresses the checked addresses, in the resolver's order; never empty
 */
record Destination(URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {

	Destination {
		addresses = List.copyOf(addresses);
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("a destination needs at least one address: " + host);
		}
	}

}
