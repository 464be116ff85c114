package io.modelhost.accounts.internal;

import java.time.Duration;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.modelhost.accounts.AccountsProperties;

import org.springframework.stereotype.Component;

/**
 * Failed logins per username: after {@code loginAttempts} failures within
 * {@code loginLockout}, that username is refused (429) until a failure's token refills,
 * so a password cannot be guessed quickly while other accounts are unaffected. Unknown
 * usernames are throttled alike, so the answer does not tell whether an account exists.
 */
@Component
public class LoginThrottle {

	private final AccountsProperties properties;

	private final Cache<String, Bucket> failures;

	public LoginThrottle(AccountsProperties properties) {
		this.properties = properties;
		this.failures = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterAccess(properties.loginLockout().multipliedBy(2))
			.build();
	}

	/** How long the username must wait before it may try again; zero if it may now. */
	public Duration waitFor(String username) {
		Bucket bucket = this.failures.getIfPresent(key(username));
		if (bucket == null || bucket.getAvailableTokens() > 0) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
	}

	/** Counts a failed login. */
	public void failed(String username) {
		this.failures
			.get(key(username),
					(k) -> Bucket.builder()
						.addLimit(Bandwidth.builder()
							.capacity(this.properties.loginAttempts())
							.refillGreedy(this.properties.loginAttempts(), this.properties.loginLockout())
							.build())
						.build())
			.tryConsume(1);
	}

	private static String key(String username) {
		return username.strip().toLowerCase(Locale.ROOT);
	}

}
