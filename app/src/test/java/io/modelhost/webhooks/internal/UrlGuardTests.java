package io.modelhost.webhooks.internal;

import io.modelhost.webhooks.InvalidWebhookException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
	@ValueSource(strings = { "ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost",
			"http://user:pass@93.184.216.34/", "not a url" })
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
