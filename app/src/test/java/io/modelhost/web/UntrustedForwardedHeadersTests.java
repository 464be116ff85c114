package io.modelhost.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers of {@link ForwardedHeadersTests} from an address that is no trusted proxy:
 * here only 192.0.2.1 (a documentation address) is, so the tests' loopback connections
 * are clients like any other, and what they claim about scheme and host is ignored.
 */
@TestPropertySource(properties = "server.tomcat.remoteip.internal-proxies=192\\.0\\.2\\.1")
class UntrustedForwardedHeadersTests extends HttpTests {

	@Test
	void aClientCannotClaimHttpsOrAnotherHost() {
		String name = ForwardedHeadersTests.userName(newUser());
		List<String> cookies = ForwardedHeadersTests.signIn(this.port, name, ForwardedHeadersTests.HTTPS_PROXY);
		assertThat(cookies).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie).doesNotContainIgnoringCase("secure"));

		HttpResponse<String> toLogin = ForwardedHeadersTests.send(this.port,
				HttpRequest.newBuilder(ForwardedHeadersTests.uri(this.port, "/models")).GET(),
				ForwardedHeadersTests.HTTPS_PROXY, null);
		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(toLogin.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + this.port + "/login");
	}

}
