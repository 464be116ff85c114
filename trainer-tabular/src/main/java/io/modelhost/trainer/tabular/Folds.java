package io.modelhost.trainer.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Cross-validation folds, made once per training and shared by every candidate. For
 * classification each class is shuffled and dealt round-robin, so every fold holds each
 * class in proportion; for regression the rows are sorted by target, and each block of
 * {@code k} neighbours is shuffled across the folds.
 *
 * @param assignment the fold of each row
 * @param count the number of folds
 */
record Folds(int[] assignment, int count) {

	static Folds stratified(int[] classes, int count, long seed) {
		Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
		for (int i = 0; i < classes.length; i++) {
			byClass.computeIfAbsent(classes[i], (c) -> new ArrayList<>()).add(i);
		}
		var random = new SplittableRandom(seed);
		int[] assignment = new int[classes.length];
		int next = 0;
		for (List<Integer> rows : byClass.values()) {
			shuffle(rows, random);
			for (int row : rows) {
				assignment[row] = next;
				next = (next + 1) % count;
			}
		}
		return new Folds(assignment, count);
	}

	static Folds sortedBlocks(double[] targets, int count, long seed) {
		Integer[] order = IntStream.range(0, targets.length).boxed().toArray(Integer[]::new);
		java.util.Arrays.sort(order, (a, b) -> Double.compare(targets[a], targets[b]));
		var random = new SplittableRandom(seed);
		int[] assignment = new int[targets.length];
		for (int start = 0; start < order.length; start += count) {
			var folds = new ArrayList<Integer>();
			for (int f = 0; f < count; f++) {
				folds.add(f);
			}
			shuffle(folds, random);
			for (int k = 0; k < count && start + k < order.length; k++) {
				assignment[order[start + k]] = folds.get(k);
			}
		}
		return new Folds(assignment, count);
	}

	private static <T> void shuffle(List<T> list, SplittableRandom random) {
		for (int i = list.size() - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			T swap = list.get(i);
			list.set(i, list.get(j));
			list.set(j, swap);
		}
	}

	int[] training(int fold) {
		return IntStream.range(0, this.assignment.length).filter((i) -> this.assignment[i] != fold).toArray();
	}

	int[] held(int fold) {
		return IntStream.range(0, this.assignment.length).filter((i) -> this.assignment[i] == fold).toArray();
	}

}
