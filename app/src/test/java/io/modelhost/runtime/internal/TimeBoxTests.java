package io.modelhost.runtime.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TimeBoxTests {

	private final TimeBox box = new TimeBox(Duration.ofMillis(200), "test-work");

	@Test
	void returnsWhatWorkWithinTheDeadlineReturns() {
		assertThat(this.box.run(Phase.LOAD, "adding", () -> 1 + 1, (late) -> {
		})).isEqualTo(2);
	}

	@Test
	void passesTheWorksOwnExceptionOn() {
		var refused = ModelRejectedException.invalid(Phase.LOAD, "broken", null, null);
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> this.box.run(Phase.LOAD, "loading", () -> {
				throw refused;
			}, (late) -> {
			}))
			.isSameAs(refused);
	}

	@Test
	void refusesPastTheDeadlineInterruptsTheWorkAndDiscardsWhatItMakesLater() throws InterruptedException {
		var release = new CountDownLatch(1);
		var interrupted = new CountDownLatch(1);
		var discarded = new AtomicReference<String>();
		var discardedOnce = new CountDownLatch(1);
		long started = System.nanoTime();
		assertThatExceptionOfType(ModelRejectedException.class)
			.isThrownBy(() -> this.box.run(Phase.VALIDATE, "checking the model", () -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
					release.await();
				}
				return "late model";
			}, (late) -> {
				discarded.set(late);
				discardedOnce.countDown();
			}))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(Kind.TIMED_OUT);
				assertThat(ex.phase()).isEqualTo(Phase.VALIDATE);
				assertThat(ex.getMessage())
					.isEqualTo("checking the model took longer than 200 ms: it was stopped " + "and nothing was kept");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the work was interrupted").isTrue();
		assertThat(discarded.get()).as("nothing discarded before the work finished").isNull();
		release.countDown();
		assertThat(discardedOnce.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(discarded.get()).isEqualTo("late model");
	}

}
