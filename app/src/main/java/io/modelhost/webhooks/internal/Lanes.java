package io.modelhost.webhooks.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.modelhost.accounts.UserId;

/**
 * Deliveries waiting and running, one lane per owner, so that one owner's slow or
 * black-holed receiver cannot hold up anyone else's: at most {@code maxRunning} attempts
 * run at once in all, at most {@code maxPerOwner} of them for one owner, and a freed slot
 * goes to the next owner in turn (round-robin), not to whoever queued most. A lane holds
 * at most {@code maxPerOwner} waiting deliveries; the rest stay in the database until
 * there is room. Thread-safe.
 */
final class Lanes {

	private final int maxRunning;

	private final int maxPerOwner;

	private final Executor executor;

	/** Owners with deliveries waiting or running; the first is the next to be served. */
	private final LinkedHashMap<UserId, Lane> lanes = new LinkedHashMap<>();

	/** Deliveries waiting or running, so that a delivery is never queued twice. */
	private final Set<String> known = new HashSet<>();

	/** Attempts running in all lanes; guarded by this. */
	private int running;

	private static final class Lane {

		final ArrayDeque<Job> waiting = new ArrayDeque<>();

		int running;

	}

	private record Job(UserId owner, String deliveryId, Runnable work) {

	}

	Lanes(int maxRunning, int maxPerOwner, Executor executor) {
		if (maxRunning < 1 || maxPerOwner < 1) {
			throw new IllegalArgumentException(
					"maxRunning and maxPerOwner must be >= 1 but were " + maxRunning + " and " + maxPerOwner);
		}
		this.maxRunning = maxRunning;
		this.maxPerOwner = maxPerOwner;
		this.executor = executor;
	}

	/**
	 * Queues a delivery in its owner's lane; it runs when a slot is free and it is the
	 * owner's turn.
	 * @return false if the delivery is queued or running already, or the owner's lane is
	 * full
	 */
	boolean offer(UserId owner, String deliveryId, Runnable work) {
		List<Job> start;
		synchronized (this) {
			Lane lane = this.lanes.get(owner);
			if (this.known.contains(deliveryId) || (lane != null && lane.waiting.size() >= this.maxPerOwner)) {
				return false;
			}
			if (lane == null) {
				lane = new Lane();
				this.lanes.put(owner, lane);
			}
			lane.waiting.add(new Job(owner, deliveryId, work));
			this.known.add(deliveryId);
			start = promote();
		}
		start(start);
		return true;
	}

	/** Attempts running now, in all lanes. */
	synchronized int running() {
		return this.running;
	}

	/** Attempts running now for one owner. */
	synchronized int running(UserId owner) {
		Lane lane = this.lanes.get(owner);
		return (lane != null) ? lane.running : 0;
	}

	/** Takes the jobs that may start now, in turn across owners; guarded by this. */
	private List<Job> promote() {
		var start = new ArrayList<Job>();
		boolean progress = true;
		while (this.running < this.maxRunning && progress) {
			progress = false;
			Iterator<Map.Entry<UserId, Lane>> turns = this.lanes.entrySet().iterator();
			while (turns.hasNext() && this.running < this.maxRunning) {
				Map.Entry<UserId, Lane> turn = turns.next();
				Lane lane = turn.getValue();
				if (!lane.waiting.isEmpty() && lane.running < this.maxPerOwner) {
					start.add(lane.waiting.poll());
					lane.running++;
					this.running++;
					progress = true;
				}
			}
		}
		// the owners served go to the back, so the next free slot goes to someone else
		for (Job job : start) {
			this.lanes.putLast(job.owner(), this.lanes.get(job.owner()));
		}
		return start;
	}

	private void start(List<Job> jobs) {
		for (Job job : jobs) {
			try {
				this.executor.execute(() -> {
					try {
						job.work().run();
					}
					finally {
						finished(job);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the delivery stays pending in the database, and nothing
				// else is started
				synchronized (this) {
					release(job);
				}
			}
		}
	}

	private void finished(Job job) {
		List<Job> start;
		synchronized (this) {
			release(job);
			start = promote();
		}
		start(start);
	}

	/** Gives back a running job's slot; guarded by this. */
	private void release(Job job) {
		this.running--;
		this.known.remove(job.deliveryId());
		Lane lane = this.lanes.get(job.owner());
		if (lane != null) {
			lane.running--;
			if (lane.running == 0 && lane.waiting.isEmpty()) {
				this.lanes.remove(job.owner());
			}
			else {
				// behind the owners who queued while this one was being served
				this.lanes.putLast(job.owner(), lane);
			}
		}
	}

}
