package io.modelhost.datasets.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.ColumnProfile.ValueCount;
import io.modelhost.datasets.ColumnType;
import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The CSV reader, sniffer and profiler on real files: the fixture datasets, their
 * variants and broken files, without Spring.
 */
class DatasetProfilingTests {

	private static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	private static final Path DIABETES = Fixtures.root().resolve("datasets/diabetes.csv");

	private final TabularProfiler profiler = new TabularProfiler(1000);

	@TempDir
	Path dir;

	@Test
	void profilesIrisAsFourNumbersAndACategory() throws IOException {
		TabularProfile profile = this.profiler.profile(IRIS).profile();
		assertThat(profile.rows()).isEqualTo(150);
		assertThat(profile.delimiter()).isEqualTo(',');
		assertThat(profile.columnNames()).containsExactly("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
				"petal width (cm)", "species");
		List<String[]> rows = plainRows(IRIS, ",");
		for (int i = 0; i < 4; i++) {
			ColumnProfile column = profile.columns().get(i);
			int index = i;
			double[] values = rows.stream().mapToDouble((row) -> Double.parseDouble(row[index])).toArray();
			assertThat(column.type()).as(column.name()).isEqualTo(ColumnType.NUMBER);
			assertThat(column.missing()).isZero();
			assertThat(column.min())
				.isEqualTo(IntStream.range(0, 150).mapToDouble((r) -> values[r]).min().orElseThrow());
			assertThat(column.max())
				.isEqualTo(IntStream.range(0, 150).mapToDouble((r) -> values[r]).max().orElseThrow());
			assertThat(column.mean()).isCloseTo(
					IntStream.range(0, 150).mapToDouble((r) -> values[r]).average().orElseThrow(), within(1e-12));
			assertThat(column.distinct())
				.isEqualTo(IntStream.range(0, 150).mapToDouble((r) -> values[r]).distinct().count());
			assertThat(column.topValues()).isEmpty();
		}
		// the well-known figures, as a check on the independent computation above
		assertThat(profile.columns().get(0).min()).isEqualTo(4.3);
		assertThat(profile.columns().get(0).max()).isEqualTo(7.9);
		assertThat(profile.columns().get(0).mean()).isCloseTo(5.8433, within(1e-4));
		ColumnProfile species = profile.columns().get(4);
		assertThat(species.type()).isEqualTo(ColumnType.CATEGORY);
		assertThat(species.distinct()).isEqualTo(3);
		assertThat(species.distinctExact()).isTrue();
		assertThat(species.topValues()).containsExactly(new ValueCount("setosa", 50L),
				new ValueCount("versicolor", 50L), new ValueCount("virginica", 50L));
		assertThat(species.min()).isNull();
	}

	@Test
	void profilesDiabetesAsElevenNumbers() throws IOException {
		TabularProfile profile = this.profiler.profile(DIABETES).profile();
		assertThat(profile.rows()).isEqualTo(442);
		assertThat(profile.columns()).hasSize(11)
			.allSatisfy((column) -> assertThat(column.type()).isEqualTo(ColumnType.NUMBER));
		// scaled, but still two values
		assertThat(profile.columns().get(1).distinct()).isEqualTo(2);
		// written 151.0: decimal numbers, not integers
		ColumnProfile target = profile.columns().get(10);
		assertThat(target.name()).isEqualTo("progression");
		assertThat(target.min()).isEqualTo(25.0);
		assertThat(target.max()).isEqualTo(346.0);
		double mean = plainRows(DIABETES, ",").stream()
			.mapToDouble((row) -> Double.parseDouble(row[10]))
			.average()
			.orElseThrow();
		assertThat(target.mean()).isCloseTo(mean, within(1e-9));
	}

	@Test
	void sniffsSemicolonsAndTabsAndProfilesTheSame() throws IOException {
		TabularProfile comma = this.profiler.profile(IRIS).profile();
		String text = Files.readString(IRIS);
		for (String delimiter : List.of(";", "\t")) {
			TabularProfile other = this.profiler.profile(write(text.replace(",", delimiter))).profile();
			assertThat(other.delimiter()).isEqualTo(delimiter.charAt(0));
			assertThat(other.columns()).isEqualTo(comma.columns());
			assertThat(other.rows()).isEqualTo(150);
		}
	}

	@Test
	void readsDecimalCommasInASemicolonFileAsText() throws IOException {
		TabularProfile profile = this.profiler.profile(write("price;name\n1,5;a\n2,5;b\n3,5;a\n4,5;b\n")).profile();
		assertThat(profile.delimiter()).isEqualTo(';');
		assertThat(profile.columns().get(0).type()).isEqualTo(ColumnType.TEXT);
		assertThat(profile.columns().get(1).type()).isEqualTo(ColumnType.CATEGORY);
	}

	@Test
	void readsQuotedValuesWithDelimitersQuotesAndLineBreaks() throws IOException {
		Path file = write("id,comment,score\r\n1,\"hello, world\",3\r\n2,\"line one\r\nline two\",4\r\n"
				+ "3,\"she said \"\"hi\"\"\",5\r\n");
		TabularProfile profile = this.profiler.profile(file).profile();
		assertThat(profile.rows()).isEqualTo(3);
		assertThat(profile.columns().get(1).type()).isEqualTo(ColumnType.TEXT);
		assertThat(profile.columns().get(2).type()).isEqualTo(ColumnType.INTEGER);
		try (Stream<TabularRow> rows = TabularRows.stream(file, profile)) {
			List<TabularRow> all = rows.toList();
			assertThat(all).extracting(TabularRow::line).containsExactly(2L, 3L, 5L);
			assertThat(all.get(0).values()).containsExactly(1L, "hello, world", 3L);
			assertThat(all.get(1).get(1)).isEqualTo("line one\nline two");
			assertThat(all.get(2).get(1)).isEqualTo("she said \"hi\"");
		}
	}

	@Test
	void dropsAByteOrderMark() throws IOException {
		Path file = this.dir.resolve("bom.csv");
		Files.write(file, ("\uFEFF" + Files.readString(IRIS)).getBytes(StandardCharsets.UTF_8));
		assertThat(this.profiler.profile(file).profile().columnNames().getFirst()).isEqualTo("sepal length (cm)");
	}

	@Test
	void countsEmptyCellsAndMissingTokensAsMissing() throws IOException {
		Path file = write("x,y,z\n1,a,\nNA,b,\n3,NaN,\n,null,\n5,a,\n6,N/A,\n7, a ,\n");
		TabularProfile profile = this.profiler.profile(file).profile();
		ColumnProfile x = profile.columns().get(0);
		assertThat(x.type()).isEqualTo(ColumnType.INTEGER);
		assertThat(x.missing()).isEqualTo(2);
		assertThat(x.min()).isEqualTo(1L);
		assertThat(x.max()).isEqualTo(7L);
		assertThat(x.mean()).isEqualTo(22.0 / 5);
		ColumnProfile y = profile.columns().get(1);
		assertThat(y.missing()).isEqualTo(3);
		assertThat(y.type()).isEqualTo(ColumnType.CATEGORY);
		assertThat(y.topValues()).containsExactly(new ValueCount("a", 3L), new ValueCount("b", 1L));
		ColumnProfile z = profile.columns().get(2);
		assertThat(z.missing()).isEqualTo(7);
		assertThat(z.type()).isEqualTo(ColumnType.TEXT);
		try (Stream<TabularRow> rows = TabularRows.stream(file, profile)) {
			assertThat(rows.toList().get(1).values()).containsExactly(null, "b", null);
		}
	}

	@Test
	void infersBooleansIntegersNumbersCategoriesAndText() throws IOException {
		var csv = new StringBuilder("flag,answer,mixed,count,ratio,colour,name\n");
		for (int i = 0; i < 40; i++) {
			csv.append((i % 3 == 0) ? "TRUE" : "false")
				.append(',')
				.append((i % 2 == 0) ? "yes" : "No")
				.append(',')
				.append((i % 2 == 0) ? "yes" : "false")
				.append(',')
				.append(i - 5)
				.append(',')
				.append(i / 4.0)
				.append(',')
				.append(List.of("red", "green", "blue").get(i % 3))
				.append(',')
				.append("person ")
				.append(i)
				.append('\n');
		}
		Map<String, ColumnProfile> columns = columns(this.profiler.profile(write(csv.toString())).profile());
		assertThat(columns.get("flag").type()).isEqualTo(ColumnType.BOOLEAN);
		assertThat(columns.get("flag").topValues()).containsExactly(new ValueCount(false, 26L),
				new ValueCount(true, 14L));
		assertThat(columns.get("answer").type()).isEqualTo(ColumnType.BOOLEAN);
		// true/false and yes/no mixed are words, not a boolean
		assertThat(columns.get("mixed").type()).isEqualTo(ColumnType.CATEGORY);
		assertThat(columns.get("count").type()).isEqualTo(ColumnType.INTEGER);
		assertThat(columns.get("count").min()).isEqualTo(-5L);
		assertThat(columns.get("ratio").type()).isEqualTo(ColumnType.NUMBER);
		assertThat(columns.get("colour").type()).isEqualTo(ColumnType.CATEGORY);
		// every value different: text, however few rows
		assertThat(columns.get("name").type()).isEqualTo(ColumnType.TEXT);
		assertThat(columns.get("name").distinct()).isEqualTo(40);
	}

	@Test
	void countsDistinctValuesExactlyUpToTheCapThenAtLeast() throws IOException {
		var csv = new StringBuilder("n,word\n");
		for (int i = 0; i < 1500; i++) {
			csv.append(i).append(",w").append(i % 700).append('\n');
		}
		TabularProfile profile = this.profiler.profile(write(csv.toString())).profile();
		assertThat(profile.columns().get(0).distinct()).isEqualTo(ColumnStats.DISTINCT_CAP);
		assertThat(profile.columns().get(0).distinctExact()).isFalse();
		assertThat(profile.columns().get(1).distinct()).isEqualTo(700);
		assertThat(profile.columns().get(1).distinctExact()).isTrue();
		assertThat(profile.columns().get(1).type()).isEqualTo(ColumnType.TEXT);
	}

	@Test
	void refusesRaggedRowsNamingTheFirstTenAndCountingAll() throws IOException {
		var csv = new StringBuilder("a,b,c\n");
		for (int i = 0; i < 30; i++) {
			csv.append((i % 2 == 0) ? "1,2\n" : "1,2,3\n");
		}
		InvalidDatasetException ex = refused(write(csv.toString()));
		assertThat(ex.problemCount()).isEqualTo(15);
		assertThat(ex.problems()).hasSize(TabularProfiler.MAX_PROBLEMS_LISTED);
		assertThat(ex.problems().getFirst().line()).isEqualTo(2);
		assertThat(ex.problems().get(1).line()).isEqualTo(4);
		assertThat(ex.problems().getFirst().message())
			.isEqualTo("this row has 2 values but the header names 3 columns");
		assertThat(ex.getMessage()).startsWith("line 2: ").endsWith("(and 14 more problems)");
	}

	@Test
	void refusesAFileWithoutAHeader() throws IOException {
		InvalidDatasetException ex = refused(write("5.1,3.5,1.4,0.2\n4.9,3.0,1.4,0.2\n"));
		assertThat(ex.problems()).singleElement().satisfies((problem) -> {
			assertThat(problem.line()).isEqualTo(1);
			assertThat(problem.message()).contains("header");
		});
	}

	@Test
	void refusesBinaryDataNamingItsLine() throws IOException {
		Path file = this.dir.resolve("binary.csv");
		Files.write(file, "a,b\n1,2\n3,\0\u0001\n".getBytes(StandardCharsets.UTF_8));
		InvalidDatasetException ex = refused(file);
		assertThat(ex.problems().getFirst().line()).isEqualTo(3);
		assertThat(ex.problems().getFirst().message()).contains("binary");
		assertThat(refused(Fixtures.model("sklearn/iris_rf.joblib")).problems().getFirst().line()).isEqualTo(1);
	}

	@Test
	void refusesBytesThatAreNotUtf8NamingTheirLine() throws IOException {
		Path file = this.dir.resolve("latin1.csv");
		var lines = new StringBuilder("city,n\n");
		for (int i = 0; i < 5000; i++) {
			lines.append("Paris,").append(i).append('\n');
		}
		Files.write(file, (lines + "Z\u00fcrich,1\n").getBytes(StandardCharsets.ISO_8859_1));
		InvalidDatasetException ex = refused(file);
		assertThat(ex.problems().getFirst().line()).isEqualTo(5002);
		assertThat(ex.problems().getFirst().message()).contains("not UTF-8");
	}

	@Test
	void refusesEmptyFilesAndHeadersWithoutRows() throws IOException {
		assertThat(refused(write("")).problems().getFirst()).satisfies((problem) -> {
			assertThat(problem.line()).isEqualTo(1);
			assertThat(problem.message()).contains("empty");
		});
		assertThat(refused(write("a,b\n\n")).problems().getFirst().line()).isEqualTo(2);
	}

	@Test
	void refusesAQuoteNeverClosedNamingTheLineItOpens() throws IOException {
		InvalidDatasetException ex = refused(write("a,b\n1,2\n3,\"four\n5,6\n"));
		assertThat(ex.problems().getFirst().line()).isEqualTo(3);
		assertThat(ex.problems().getFirst().message()).contains("never closed");
	}

	@Test
	void refusesBlankAndDuplicateColumnNames() throws IOException {
		InvalidDatasetException ex = refused(write("a,,a\n1,2,3\n"));
		assertThat(ex.problemCount()).isEqualTo(2);
		assertThat(ex.problems()).extracting(InvalidDatasetException.Problem::message)
			.containsExactly("column 2 has no name in the header row",
					"the header names two columns 'a' (columns 1 and 3): column names must be unique");
	}

	@Test
	void refusesMoreColumnsThanAllowed() throws IOException {
		InvalidDatasetException ex = assertThatExceptionOfType(InvalidDatasetException.class)
			.isThrownBy(() -> new TabularProfiler(3).profile(write("a,b,c,d\n1,2,3,4\n")))
			.actual();
		assertThat(ex.problems().getFirst().message()).contains("at most 3");
	}

	private InvalidDatasetException refused(Path file) {
		return assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> this.profiler.profile(file))
			.actual();
	}

	private Path write(String text) throws IOException {
		Path file = Files.createTempFile(this.dir, "data", ".csv");
		return Files.writeString(file, text, StandardCharsets.UTF_8);
	}

	private static Map<String, ColumnProfile> columns(TabularProfile profile) {
		return profile.columns().stream().collect(Collectors.toMap(ColumnProfile::name, (column) -> column));
	}

	/** The data rows of a file without quotes, split the simplest way. */
	private static List<String[]> plainRows(Path file, String delimiter) throws IOException {
		return Files.readAllLines(file)
			.stream()
			.skip(1)
			.filter((line) -> !line.isBlank())
			.map((line) -> line.split(delimiter, -1))
			.toList();
	}

}
