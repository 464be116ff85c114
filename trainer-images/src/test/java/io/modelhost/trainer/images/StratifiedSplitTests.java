package io.modelhost.trainer.images;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StratifiedSplitTests {

	private static final List<String> CLASSES = List.of("a", "b", "c");

	@Test
	void splitsEachClassByTheFractionsAndCoversEveryPictureOnce() {
		// 50 of a, 30 of b, 20 of c, interleaved
		int[] labels = IntStream.range(0, 100).map((i) -> (i % 10 < 5) ? 0 : (i % 10 < 8) ? 1 : 2).toArray();

		StratifiedSplit split = StratifiedSplit.of(labels, CLASSES, 0.1, 0.2, 42);

		assertThat(count(split.validation(), labels)).containsExactly(5, 3, 2);
		assertThat(count(split.test(), labels)).containsExactly(10, 6, 4);
		assertThat(count(split.train(), labels)).containsExactly(35, 21, 14);
		int[] all = IntStream
			.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
					Arrays.stream(split.test()))
			.sorted()
			.toArray();
		assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
	}

	@Test
	void sameSeedSameSplitAnotherSeedAnother() {
		int[] labels = IntStream.range(0, 60).map((i) -> i % 3).toArray();

		StratifiedSplit first = StratifiedSplit.of(labels, CLASSES, 0.2, 0.2, 7);
		StratifiedSplit again = StratifiedSplit.of(labels, CLASSES, 0.2, 0.2, 7);
		StratifiedSplit other = StratifiedSplit.of(labels, CLASSES, 0.2, 0.2, 8);

		assertThat(again.test()).isEqualTo(first.test());
		assertThat(again.validation()).isEqualTo(first.validation());
		assertThat(other.test()).isNotEqualTo(first.test());
	}

	@Test
	void zeroFractionsLeaveThosePartsEmpty() {
		int[] labels = { 0, 1, 2, 0, 1, 2 };

		StratifiedSplit split = StratifiedSplit.of(labels, CLASSES, 0, 0, 1);

		assertThat(split.train()).hasSize(6);
		assertThat(split.validation()).isEmpty();
		assertThat(split.test()).isEmpty();
	}

	private static int[] count(int[] indexes, int[] labels) {
		int[] counts = new int[CLASSES.size()];
		for (int index : indexes) {
			counts[labels[index]]++;
		}
		return counts;
	}

}
