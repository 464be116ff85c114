package io.modelhost.trainer.images;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.InvalidTrainingRequestException.Reason;

/**
 * Pictures split into training, validation and test parts, each class in the same
 * proportions: of a class's {@code n} pictures, {@code round(n × fraction)} go to the
 * validation and test parts, at least one each when its fraction is positive, and the
 * rest, at least one, to training. Which pictures go where is decided by a shuffle seeded
 * with the request's seed, so the same dataset and seed always give the same split.
 *
 * @param train indexes of the training pictures, ascending
 * @param validation indexes of the validation pictures, ascending; empty for fraction 0
 * @param test indexes of the test pictures, ascending; empty for fraction 0
 */
record StratifiedSplit(int[] train, int[] validation, int[] test) {

	/**
	 * Splits pictures labelled {@code labels} (class indexes into {@code classes}).
	 * @throws InvalidTrainingRequestException when there are fewer than two classes or a
	 * class has too few pictures for the three parts; the message names the class
	 */
	static StratifiedSplit of(int[] labels, List<String> classes, double validationFraction, double testFraction,
			long seed) {
		if (classes.size() < 2) {
			throw new InvalidTrainingRequestException(Reason.SINGLE_VALUE_TARGET,
					classes.isEmpty() ? "The dataset has no labelled pictures." : "The dataset has only one class ('"
							+ classes.getFirst() + "'); a classifier needs pictures of at least two.");
		}
		List<List<Integer>> byClass = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++) {
			byClass.add(new ArrayList<>());
		}
		for (int i = 0; i < labels.length; i++) {
			byClass.get(labels[i]).add(i);
		}
		int needed = 1 + ((validationFraction > 0) ? 1 : 0) + ((testFraction > 0) ? 1 : 0);
		var train = new ArrayList<Integer>();
		var validation = new ArrayList<Integer>();
		var test = new ArrayList<Integer>();
		var random = new Random(seed);
		for (int c = 0; c < classes.size(); c++) {
			List<Integer> members = byClass.get(c);
			int n = members.size();
			int validationCount = share(n, validationFraction);
			int testCount = share(n, testFraction);
			if (n - validationCount - testCount < 1) {
				throw new InvalidTrainingRequestException(Reason.TOO_FEW_ROWS,
						"Class '" + classes.get(c) + "' has " + n + ((n == 1) ? " picture" : " pictures")
								+ ", too few to split into training, validation (" + percent(validationFraction)
								+ ") and test (" + percent(testFraction) + ") parts: it needs at least " + needed
								+ " (more for larger splits). Add pictures of this class or lower the splits.");
			}
			java.util.Collections.shuffle(members, random);
			validation.addAll(members.subList(0, validationCount));
			test.addAll(members.subList(validationCount, validationCount + testCount));
			train.addAll(members.subList(validationCount + testCount, n));
		}
		return new StratifiedSplit(sorted(train), sorted(validation), sorted(test));
	}

	private static int share(int n, double fraction) {
		if (fraction <= 0) {
			return 0;
		}
		return Math.max(1, (int) Math.round(n * fraction));
	}

	private static String percent(double fraction) {
		return Math.round(fraction * 100) + " %";
	}

	private static int[] sorted(List<Integer> indexes) {
		int[] array = indexes.stream().mapToInt(Integer::intValue).toArray();
		Arrays.sort(array);
		return array;
	}

}
