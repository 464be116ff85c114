package io.modelhost.protocols.mlflow;

import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.protocols.web.MalformedBodyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsvTableTests {

	@Test
	void readsQuotedFieldsLineBreaksAndABom() {
		CsvTable table = CsvTable.parse("\uFEFFname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\r\n\r\nx,\n",
				100);
		assertThat(table.header()).containsExactly("name", "note");
		assertThat(table.rows()).containsExactly(List.of("Smith, J", "said \"hi\"\nthen left"), List.of("x", ""));
		assertThat(table.lines()).containsExactly(2, 5);
	}

	@Test
	void refusesRowsOfTheWrongWidthWithTheirLine() {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class,
				() -> CsvTable.parse("a,b\n1,2\n1,2,3\n", 100));
		assertThat(ex.problems().getFirst().pointer()).isEqualTo("line 3");
		assertThat(ex.problems().getFirst().detail()).isEqualTo("the row has 3 fields but the header has 2");
	}

	@Test
	void stopsReadingAtTheFirstRowPastTheLimit() {
		// the unclosed quote after the limit is never read
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class,
				() -> CsvTable.parse("a\n1\n2\n3\n\"open\n", 2));
		assertThat(ex.problems()).singleElement()
			.isEqualTo(new InputProblem("line 4", "too many rows: more than 2 (at most 2 per request)"));
	}

	@Test
	void listsTheFirstFiftyBadRowsAndCountsTheRest() {
		String body = "a,b\n" + "x\n".repeat(80);
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> CsvTable.parse(body, 100));
		assertThat(ex.problems()).hasSize(CsvTable.MAX_PROBLEMS + 1);
		assertThat(ex.problems().get(49))
			.isEqualTo(new InputProblem("line 51", "the row has 1 fields but the header has 2"));
		assertThat(ex.problems().getLast())
			.isEqualTo(new InputProblem("", "30 more rows have the wrong number of fields"));
	}

	@Test
	void keepsOnlyTheFieldsItNeedsOfAnOverlongRow() {
		String body = "a,b\n" + "1,".repeat(100_000) + "1\n";
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> CsvTable.parse(body, 100));
		assertThat(ex.problems()).singleElement()
			.isEqualTo(new InputProblem("line 2", "the row has 100001 fields but the header has 2"));
	}

	@Test
	void refusesAnEmptyBodyAndAnUnclosedQuote() {
		assertThatExceptionOfType(MalformedBodyException.class).isThrownBy(() -> CsvTable.parse("\n\n", 100));
		assertThatExceptionOfType(MalformedBodyException.class).isThrownBy(() -> CsvTable.parse("a\n\"open\n", 100));
	}

	@Test
	void typesCellsByTheirFeature() {
		var number = new Feature("n", FeatureType.DOUBLE, List.of(), true);
		var text = new Feature("t", FeatureType.STRING, List.of(), true);
		var flag = new Feature("f", FeatureType.BOOLEAN, List.of(), true);
		assertThat(CsvTable.cell("1.50", number).doubleValue()).isEqualTo(1.5);
		assertThat(CsvTable.cell("-2", number).longValue()).isEqualTo(-2);
		assertThat(CsvTable.cell("1.50", text).asString()).isEqualTo("1.50");
		assertThat(CsvTable.cell("abc", number).isString()).isTrue();
		assertThat(CsvTable.cell("Infinity", number).isString()).isTrue();
		assertThat(CsvTable.cell("True", flag).booleanValue()).isTrue();
		assertThat(CsvTable.cell("", number).isNull()).isTrue();
		assertThat(CsvTable.cell("NaN", text).isNull()).isTrue();
	}

}
