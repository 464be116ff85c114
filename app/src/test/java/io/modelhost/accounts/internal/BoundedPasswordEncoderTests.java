package io.modelhost.accounts.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.modelhost.accounts.PasswordHashingBusyException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BoundedPasswordEncoderTests {

	/** Callers of their own: the common pool may have a single thread. */
	private static final Executor CALLERS = Executors.newVirtualThreadPerTaskExecutor();

	@Test
	void refusesAHashPastTheCapOnceTheWaitIsOverAndTakesItWhenATurnIsFree() throws Exception {
		var held = new HeldEncoder();
		try (var encoder = new BoundedPasswordEncoder(held, 1, Duration.ofMillis(50))) {
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> encoder.encode("first"), CALLERS);
			assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();

			assertThatExceptionOfType(PasswordHashingBusyException.class).isThrownBy(() -> encoder.matches("x", "x"))
				.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));

			held.release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("hashed first");
			assertThat(encoder.matches("x", "hashed x")).isTrue();
		}
	}

	@Test
	void runsAsManyHashesAtOnceAsItsCap() throws Exception {
		var held = new HeldEncoder();
		try (var encoder = new BoundedPasswordEncoder(held, 2, Duration.ZERO)) {
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> encoder.encode("a"), CALLERS);
			CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> encoder.encode("b"), CALLERS);
			assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(held.running.await(10, TimeUnit.SECONDS)).as("both hashes run together").isTrue();
			assertThatExceptionOfType(PasswordHashingBusyException.class).isThrownBy(() -> encoder.encode("c"));
			held.release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("hashed a");
			assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("hashed b");
		}
	}

	@Test
	void passesOnTheHashersFailure() {
		PasswordEncoder failing = new PasswordEncoder() {

			@Override
			public String encode(@Nullable CharSequence rawPassword) {
				throw new IllegalArgumentException("bad salt");
			}

			@Override
			public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
				return false;
			}

		};
		try (var encoder = new BoundedPasswordEncoder(failing, 1, Duration.ZERO)) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> encoder.encode("x"))
				.withMessage("bad salt");
			// the failed hash gave its turn back
			assertThat(encoder.matches("x", "y")).isFalse();
		}
	}

	/** Hashes as "hashed " + the password, once released; counts hashes running. */
	private static final class HeldEncoder implements PasswordEncoder {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch running = new CountDownLatch(2);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			this.started.countDown();
			this.running.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "hashed " + rawPassword;
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			return ("hashed " + rawPassword).equals(encodedPassword);
		}

	}

}
