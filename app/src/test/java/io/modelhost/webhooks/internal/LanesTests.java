package io.modelhost.webhooks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.modelhost.accounts.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Per-owner lanes with an executor the test runs by hand: the per-owner and overall
 * bounds, turns across owners, and no delivery queued twice.
 */
class LanesTests {

	private static final UserId ALICE = new UserId("00000000-0000-0000-0000-00000000000a");

	private static final UserId BOB = new UserId("00000000-0000-0000-0000-00000000000b");

	private static final UserId CAROL = new UserId("00000000-0000-0000-0000-00000000000c");

	/** Started tasks, run (finished) by the test. */
	private final ManualExecutor executor = new ManualExecutor();

	private final List<String> ran = new ArrayList<>();

	@Test
	void oneOwnerGetsNoMoreThanItsSlotsAndTheOthersTheirs() {
		var lanes = new Lanes(8, 2, this.executor);
		for (int i = 0; i < 10; i++) {
			offer(lanes, ALICE, "a" + i);
		}
		assertThat(lanes.running(ALICE)).isEqualTo(2);
		assertThat(this.executor.started()).isEqualTo(2);

		assertThat(offer(lanes, BOB, "b0")).isTrue();
		assertThat(lanes.running(BOB)).isEqualTo(1);
		assertThat(lanes.running()).isEqualTo(3);
	}

	@Test
	void aFullLaneRefusesMoreAndTheRestWaitInTheDatabase() {
		var lanes = new Lanes(8, 2, this.executor);
		List<Boolean> accepted = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			accepted.add(offer(lanes, ALICE, "a" + i));
		}
		// two running, two waiting, the rest refused
		assertThat(accepted).containsExactly(true, true, true, true, false, false);
	}

	@Test
	void freedSlotsGoToOwnersInTurn() {
		var lanes = new Lanes(1, 1, this.executor);
		offer(lanes, ALICE, "a0");
		offer(lanes, ALICE, "a1");
		offer(lanes, BOB, "b0");
		offer(lanes, CAROL, "c0");
		for (int i = 0; i < 4; i++) {
			this.executor.runNext();
		}
		assertThat(this.ran).containsExactly("a0", "b0", "c0", "a1");
		assertThat(lanes.running()).isZero();
	}

	@Test
	void neverQueuesADeliveryTwice() {
		var lanes = new Lanes(1, 1, this.executor);
		assertThat(offer(lanes, ALICE, "a0")).isTrue();
		assertThat(offer(lanes, ALICE, "a0")).isFalse();
		this.executor.runNext();
		assertThat(offer(lanes, ALICE, "a0")).isTrue();
		assertThat(this.ran).containsExactly("a0");
	}

	@Test
	void aFailingDeliveryGivesBackItsSlot() {
		var lanes = new Lanes(1, 1, this.executor);
		lanes.offer(ALICE, "boom", () -> {
			throw new IllegalStateException("boom");
		});
		offer(lanes, BOB, "b0");
		try {
			this.executor.runNext();
		}
		catch (IllegalStateException expected) {
			// the executor's thread would end with it
		}
		this.executor.runNext();
		assertThat(this.ran).containsExactly("b0");
	}

	@Test
	void refusesBoundsBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Lanes(0, 1, this.executor))
			.withMessage("maxRunning and maxPerOwner must be >= 1 but were 0 and 1");
	}

	private boolean offer(Lanes lanes, UserId owner, String id) {
		return lanes.offer(owner, id, () -> this.ran.add(id));
	}

	private static final class ManualExecutor implements Executor {

		private final List<Runnable> tasks = new ArrayList<>();

		private int started;

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
			this.started++;
		}

		int started() {
			return this.started;
		}

		void runNext() {
			this.tasks.removeFirst().run();
		}

	}

}
