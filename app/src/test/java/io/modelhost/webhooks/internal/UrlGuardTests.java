package io.modelhost.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelhost.webhooks.InvalidWebhookException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The address guard: every non-public address form refused, public ones accepted, and the
 * addresses of a name resolved once, through the resolver it is given.
 */
class UrlGuardTests {

	private final UrlGuard guard = new UrlGuard(false);

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://localhost:8080/hook", "http://169.254.169.254/latest",
			"http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
			"http://[::1]/", "http://[fc00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
			"http://224.0.0.1/" })
	void refusesAddressesInsideTheNetwork(String url) {
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.guard.check(url))
			.withMessageContaining("non-public");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// NAT64, well-known and local-use prefixes, whatever IPv4 address is inside
			"http://[64:ff9b::7f00:1]/", "http://[64:ff9b::5db8:d822]/", "http://[64:ff9b:1::a00:1]/",
			// IPv4-compatible (deprecated), public or not
			"http://[::127.0.0.1]/", "http://[::10.0.0.1]/", "http://[::93.184.216.34]/",
			// IPv4-mapped and IPv4-translated with an inside IPv4 address
			"http://[::ffff:10.1.2.3]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:0:127.0.0.1]/",
			"http://[::ffff:0:192.168.0.1]/",
			// 6to4 whose gateway is inside
			"http://[2002:7f00:1::1]/", "http://[2002:a00:1::1]/", "http://[2002:a9fe:a9fe::1]/",
			"http://[2002:c0a8:101::1]/",
			// Teredo
			"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
			// site-local, multicast, unspecified
			"http://[fec0::1]/", "http://[ff02::1]/", "http://[::]/",
			// IPv4: this network, IETF protocol assignments, benchmarking, reserved,
			// broadcast
			"http://0.1.2.3/", "http://192.0.0.170/", "http://198.18.0.1/", "http://240.0.0.1/",
			"http://255.255.255.255/",
			// a one-number IPv4 literal is loopback too
			"http://2130706433/" })
	void refusesEveryFormOfAnInsideAddress(String url) {
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.guard.check(url))
			.withMessageContaining("non-public");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://[::ffff:93.184.216.34]/", "http://[2002:5db8:d822::1]/",
			"http://[2a00:1450:4001:82b::200e]/" })
	void acceptsIpv6FormsOfPublicAddresses(String url) {
		assertThat(this.guard.check(url).toString()).isEqualTo(url);
	}

	@Test
	void refusesANameWhenAnyOfItsAddressesIsInside() throws UnknownHostException {
		InetAddress[] answer = { InetAddress.ofLiteral("93.184.216.34"), InetAddress.ofLiteral("127.0.0.1") };
		var guard = new UrlGuard(false, (host) -> answer);
		assertThatExceptionOfType(InvalidWebhookException.class)
			.isThrownBy(() -> guard.destination("https://hooks.example/in"))
			.withMessageContaining("non-public address (127.0.0.1)");
	}

	@Test
	void resolvesOnceAndKeepsTheAddressesItChecked() {
		var calls = new AtomicInteger();
		var guard = new UrlGuard(false, (host) -> {
			// a rebinding name: public for the first question, loopback for any after
			return new InetAddress[] {
					InetAddress.ofLiteral((calls.getAndIncrement() == 0) ? "93.184.216.34" : "127.0.0.1") };
		});
		Destination destination = guard.destination("https://hooks.example:8443/in?x=1");
		assertThat(calls).hasValue(1);
		assertThat(destination.addresses()).containsExactly(InetAddress.ofLiteral("93.184.216.34"));
		assertThat(destination.host()).isEqualTo("hooks.example");
		assertThat(destination.port()).isEqualTo(8443);
		assertThat(destination.tls()).isTrue();
	}

	@Test
	void literalAddressesNeverReachTheResolver() {
		var guard = new UrlGuard(false, (host) -> {
			throw new AssertionError("resolved " + host);
		});
		Destination destination = guard.destination("http://[2606:4700:4700::1111]/hook");
		assertThat(destination.host()).isEqualTo("2606:4700:4700::1111");
		assertThat(destination.port()).isEqualTo(80);
	}

	@Test
	void refusesANameThatDoesNotResolve() {
		var guard = new UrlGuard(false, (host) -> {
			throw new UnknownHostException(host);
		});
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> guard.check("http://nowhere.test/"))
			.withMessageContaining("does not resolve");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost",
			"http://user:pass@93.184.216.34/", "not a url", "http://93.184.216.34:99999/", "http://93.184.216.34:0/" })
	void refusesWhatIsNotAPlainHttpUrl(String url) {
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.guard.check(url));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://93.184.216.34/hook", "http://[2606:4700:4700::1111]/hook" })
	void acceptsPublicAddresses(String url) {
		assertThat(this.guard.check(url).toString()).isEqualTo(url);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:9000/hook", "http://10.0.0.1/" })
	void anAdministratorMayAllowPrivateAddresses(String url) {
		assertThat(new UrlGuard(true).check(url).toString()).isEqualTo(url);
	}

}
