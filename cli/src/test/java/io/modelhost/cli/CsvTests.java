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

	private static Csv.Table read(String text) throws IOException {
		return Csv.read(new BufferedReader(new StringReader(text)));
	}

}
