package io.modelhost.trainer.tabular;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.modelhost.trainer.Column;
import io.modelhost.trainer.ColumnType;
import io.modelhost.trainer.RowReader;
import io.modelhost.trainer.TabularSource;
import org.jspecify.annotations.Nullable;

/**
 * A plain comma-separated file with a header as a {@link TabularSource}: what the
 * platform's datasets module provides, reduced to the fixtures' needs (no quoting). A
 * column's type is inferred from its cells: whole numbers, numbers, true/false, else
 * category. A blank cell is missing.
 */
record CsvTable(Path file, List<Column> columns) implements TabularSource {

	static CsvTable resource(String name) {
		try {
			return of(Path.of(CsvTable.class.getResource("/datasets/" + name).toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static CsvTable of(Path file) {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			String[] header = lines.getFirst().split(",", -1);
			var columns = new ArrayList<Column>();
			for (int j = 0; j < header.length; j++) {
				columns.add(new Column(header[j], infer(lines, j)));
			}
			return new CsvTable(file, List.copyOf(columns));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ColumnType infer(List<String> lines, int column) {
		boolean integers = true;
		boolean numbers = true;
		boolean booleans = true;
		Set<String> seen = new HashSet<>();
		for (String line : lines.subList(1, lines.size())) {
			String cell = line.split(",", -1)[column];
			if (cell.isEmpty()) {
				continue;
			}
			seen.add(cell);
			integers &= cell.matches("-?\\d+");
			numbers &= cell.matches("-?\\d+(\\.\\d*)?([eE][-+]?\\d+)?");
			booleans &= cell.equals("true") || cell.equals("false");
		}
		if (booleans && !seen.isEmpty()) {
			return ColumnType.BOOLEAN;
		}
		return integers ? ColumnType.INTEGER : numbers ? ColumnType.NUMBER : ColumnType.CATEGORY;
	}

	@Override
	public RowReader open() throws IOException {
		BufferedReader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8);
		reader.readLine();
		return new RowReader() {

			@Override
			public @Nullable Object @Nullable [] read() throws IOException {
				String line = reader.readLine();
				if (line == null || line.isEmpty()) {
					return null;
				}
				String[] cells = line.split(",", -1);
				@Nullable Object[] row = new Object[cells.length];
				for (int j = 0; j < cells.length; j++) {
					row[j] = value(columns().get(j).type(), cells[j]);
				}
				return row;
			}

			@Override
			public void close() throws IOException {
				reader.close();
			}

		};
	}

	private static @Nullable Object value(ColumnType type, String cell) {
		if (cell.isEmpty()) {
			return null;
		}
		return switch (type) {
			case NUMBER -> Double.parseDouble(cell);
			case INTEGER -> Long.parseLong(cell);
			case BOOLEAN -> Boolean.parseBoolean(cell);
			case CATEGORY, TEXT -> cell;
		};
	}

}
