package io.modelhost.accounts.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.modelhost.accounts.PasswordHashingBusyException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that hashes at most {@code concurrency} passwords at once, on
 * threads of its own. Argon2id takes 19 MiB and tens of milliseconds of a core per hash:
 * without a cap, a few hundred parallel sign-ups or logins exhaust the heap (requests run
 * on virtual threads, so nothing else limits them), and hashing on the request's virtual
 * thread would pin its carrier, starving every other request. A caller waits up to
 * {@code wait} for a turn, then is refused with {@link PasswordHashingBusyException}.
 * Thread-safe; {@link #close()} stops its threads.
 */
public final class BoundedPasswordEncoder implements PasswordEncoder, AutoCloseable {

	/** What a refused caller is told to wait before trying again. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final PasswordEncoder hashing;

	/**
	 * One permit per hash that may run, as many as there are threads: a hash that has a
	 * permit never queues. Fair, so a waiting caller is not overtaken.
	 */
	private final Semaphore turns;

	private final Duration wait;

	private final ExecutorService threads;

	public BoundedPasswordEncoder(PasswordEncoder hashing, int concurrency, Duration wait) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
		}
		if (wait.isNegative()) {
			throw new IllegalArgumentException("wait must not be negative but was " + wait);
		}
		this.hashing = hashing;
		this.turns = new Semaphore(concurrency, true);
		this.wait = wait;
		var count = new AtomicInteger();
		this.threads = Executors.newFixedThreadPool(concurrency, (task) -> {
			var thread = new Thread(task, "password-hashing-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * @throws PasswordHashingBusyException if no hash could start within the wait
	 */
	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return inTurn(() -> this.hashing.encode(rawPassword));
	}

	/**
	 * @throws PasswordHashingBusyException if no hash could start within the wait
	 */
	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		return inTurn(() -> this.hashing.matches(rawPassword, encodedPassword));
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.hashing.upgradeEncoding(encodedPassword);
	}

	private <T> T inTurn(Supplier<T> hash) {
		try {
			if (!this.turns.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new PasswordHashingBusyException(RETRY_AFTER);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PasswordHashingBusyException(RETRY_AFTER);
		}
		try {
			// a virtual thread waiting here unmounts: its carrier serves other requests
			return this.threads.submit(hash::get).get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException unchecked) {
				throw unchecked;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("password hashing failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PasswordHashingBusyException(RETRY_AFTER);
		}
		finally {
			this.turns.release();
		}
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
	}

}
