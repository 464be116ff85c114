package io.modelhost;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the tests of the server's bounds, over real HTTP: the default limits on
 * prediction bodies (10 MB, 10000 rows), small anonymous and per-user quotas (20 and 30
 * requests a minute), one password hash at a time with a short wait, and loopback as a
 * trusted proxy, so that a test counts as a client address of its own by sending
 * {@code X-Forwarded-For}. Every subclass shares one application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "modelhost.registry.max-upload-size=2MB", "modelhost.quotas.anonymous-requests=20",
				"modelhost.quotas.per-user-requests=30", "modelhost.accounts.hashing-concurrency=1",
				"modelhost.accounts.hashing-wait=20ms", "modelhost.web.trusted-proxies=127.0.0.1" })
public abstract class BoundsHttpTests extends HttpTests {

	/** A client without credentials, counted as coming from this address. */
	protected ApiClient from(String address) {
		return anonymous().with("X-Forwarded-For", address);
	}

}
