package io.modelhost.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	@Test
	void ignoresForwardedForFromAnUntrustedPeer() {
		var addresses = new ClientAddress(List.of());
		assertThat(addresses.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void takesTheRightmostUntrustedHopBehindATrustedProxy() {
		var addresses = new ClientAddress(List.of("10.0.0.1", "10.0.0.2"));
		assertThat(addresses.of(request("10.0.0.1", "6.6.6.6, 198.51.100.9, 10.0.0.2"))).isEqualTo("198.51.100.9");
		assertThat(addresses.of(request("10.0.0.1", null))).isEqualTo("10.0.0.1");
	}

	private static MockHttpServletRequest request(String remote, String forwardedFor) {
		var request = new MockHttpServletRequest();
		request.setRemoteAddr(remote);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
