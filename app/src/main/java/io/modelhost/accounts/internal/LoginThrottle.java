package io.modelhost.accounts.internal;

import java.time.Duration;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.modelhost.accounts.AccountsProperties;
import io.modelhost.accounts.UserId;

import org.springframework.stereotype.Component;

/**
 * Failed logins per username <em>and client network</em>, and password changes per user.
 * After {@code loginAttempts} failures within {@code loginLockout} for one username from
 * one network (an IPv4 address or an IPv6 /64, as
 * {@link io.modelhost.web.ClientAddress#network} says), that pair is refused (429) until
 * a failure's token refills: a password cannot be guessed quickly from one place, while
 * the real user, signing in from elsewhere, is not locked out by whoever guesses. Unknown
 * usernames are throttled alike, so the answer does not tell whether an account exists. A
 * user may try {@code loginAttempts} password changes per {@code loginLockout}, right or
 * wrong: someone holding a stolen token cannot guess the current password quickly.
 * Thread-safe.
 */
@Component
public class LoginThrottle {

	private final AccountsProperties properties;

	private final Cache<String, Bucket> failures;

	private final Cache<UserId, Bucket> passwordChanges;

	public LoginThrottle(AccountsProperties properties) {
		this.properties = properties;
		this.failures = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterAccess(properties.loginLockout().multipliedBy(2))
			.build();
		this.passwordChanges = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterAccess(properties.loginLockout().multipliedBy(2))
			.build();
	}

	/**
	 * How long the username must wait before it may try again from this network; zero if
	 * it may now.
	 */
	public Duration waitFor(String username, String network) {
		Bucket bucket = this.failures.getIfPresent(key(username, network));
		if (bucket == null || bucket.getAvailableTokens() > 0) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
	}

	/** Counts a failed login for the username from this network. */
	public void failed(String username, String network) {
		this.failures.get(key(username, network), (k) -> bucket()).tryConsume(1);
	}

	/**
	 * Counts a password change attempt of the user.
	 * @return zero if it may go ahead, otherwise how long the user must wait
	 */
	public Duration passwordChange(UserId user) {
		var probe = this.passwordChanges.get(user, (k) -> bucket()).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private Bucket bucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.properties.loginAttempts())
				.refillGreedy(this.properties.loginAttempts(), this.properties.loginLockout())
				.build())
			.build();
	}

	private static String key(String username, String network) {
		// a NUL cannot occur in a username the login request accepts, so pairs never
		// collide
		return username.strip().toLowerCase(Locale.ROOT) + '\0' + network;
	}

}
