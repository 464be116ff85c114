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

	@Test
	void countsIpv6ClientsPerSlash64() {
		assertThat(ClientAddress.network("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddress.network("2001:0db8:0001:0002:ffff:ffff:ffff:fffe")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddress.network("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
		assertThat(ClientAddress.network("::1")).isEqualTo("0:0:0:0::/64");
	}

	@Test
	void countsIpv4AndIpv4MappedClientsPerAddress() {
		assertThat(ClientAddress.network("203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.network("203.0.113.8")).isEqualTo("203.0.113.8");
		assertThat(ClientAddress.network("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void leavesWhatIsNoAddressLiteralAsItIs() {
		assertThat(ClientAddress.network("unknown")).isEqualTo("unknown");
		assertThat(ClientAddress.network("localhost")).isEqualTo("localhost");
	}

	@Test
	void readsTheNetworkOfTheAddressATrustedProxyForwards() {
		var addresses = new ClientAddress(List.of("10.0.0.1"));
		assertThat(addresses.network(request("10.0.0.1", "2001:db8:1:2::7"))).isEqualTo("2001:db8:1:2::/64");
		assertThat(addresses.network(request("2001:db8:9:9::1", null))).isEqualTo("2001:db8:9:9::/64");
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
