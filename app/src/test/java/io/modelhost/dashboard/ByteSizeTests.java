package io.modelhost.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes read in the unit that fits, never "0 MB" for a model of some kilobytes. */
class ByteSizeTests {

	@Test
	void showsEachSizeInTheUnitThatFits() {
		assertThat(ByteSize.text(0)).isEqualTo("0 B");
		assertThat(ByteSize.text(1023)).isEqualTo("1023 B");
		assertThat(ByteSize.text(1024)).isEqualTo("1 KB");
		assertThat(ByteSize.text(1536)).isEqualTo("1.5 KB");
		assertThat(ByteSize.text(300 * 1024)).as("a small model's memory").isEqualTo("300 KB");
		assertThat(ByteSize.text(12L * 1024 * 1024 + 300 * 1024)).isEqualTo("12 MB");
		assertThat(ByteSize.text(5L * 1024 * 1024 + 512 * 1024)).isEqualTo("5.5 MB");
		assertThat(ByteSize.text(3L * 1024 * 1024 * 1024 / 2)).isEqualTo("1.5 GB");
		assertThat(ByteSize.text(2L * 1024 * 1024 * 1024 * 1024)).isEqualTo("2 TB");
	}

	@Test
	void roundsUpToTheNextUnitRatherThanShow1024() {
		assertThat(ByteSize.text(1024 * 1024 - 1)).isEqualTo("1 MB");
		assertThat(ByteSize.text(1024L * 1024 * 1024 - 1)).isEqualTo("1 GB");
	}

	@Test
	void picksAChartUnitForTheLargestValue() {
		assertThat(ByteSize.unitFor(0).name()).isEqualTo("B");
		assertThat(ByteSize.unitFor(200 * 1024).name()).isEqualTo("KB");
		assertThat(ByteSize.unitFor(200 * 1024).bytes()).isEqualTo(1024);
		assertThat(ByteSize.unitFor(3 * 1024 * 1024).name()).isEqualTo("MB");
	}

}
