package io.modelhost.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class CsvTests {

	@Test
	void readsQuotedFieldsLineBreaksAndAByteOrderMark() throws IOException {
		Csv.Table table = read("\uFEFFname,\"note, with comma\"\r\n\"a \"\"quoted\"\" word\",\"two\nlines\"\r\n\n3,\n");
		assertThat(table.header()).containsExactly("name", "note, with comma");
		assertThat(table.rows()).containsExactly(List.of("a \"quoted\" word", "two\nlines"), List.of("3", ""));
	}

	@Test
	void readsALastLineWithoutALineBreak() throws IOException {
		assertThat(read("a,b\n1,2").rows()).containsExactly(List.of("1", "2"));
	}

	@Test
	void refusesAnEmptyFile() {
		assertThatIOException().isThrownBy(() -> read("")).withMessageContaining("header");
	}

	@Test
	void writesFieldsQuotedOnlyWhereNeeded() throws IOException {
		List<String> fields = List.of("plain", "with,comma", "with \"quote\"", "two\nlines", "");
		String line = Csv.line(fields);
		assertThat(line).isEqualTo("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",");
		assertThat(read(line + "\n" + line).rows()).containsExactly(fields);
	}

	@Test
	void countsRowsAsItReadsThemUpToALimit() throws IOException {
		String text = "a,b\r\n1,\"two\nlines\"\r\n\n3,4\n5,6";
		assertThat(Csv.countRows(new StringReader(text), 10)).isEqualTo(3);
		assertThat(Csv.countRows(new StringReader(text), 1)).isEqualTo(2);
		assertThat(Csv.countRows(new StringReader("a,b\n"), 10)).isZero();
		assertThat(Csv.countRows(new StringReader(""), 10)).isZero();
	}

	private static Csv.Table read(String text) throws IOException {
		return Csv.read(new BufferedReader(new StringReader(text)));
	}

}
