package io.modelhost.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.modelhost.datasets.InvalidDatasetException;
import io.modelhost.datasets.InvalidDatasetException.Problem;
import io.modelhost.datasets.TabularProfile;
import org.jspecify.annotations.Nullable;

/**
 * Checks a CSV file and profiles it in one pass over its rows, in memory bounded by the
 * number of columns, not rows: the delimiter is sniffed from the head, the header
 * checked, every row's width compared with the header's, every cell added to its column's
 * statistics, and the file's SHA-256 computed from the same bytes.
 */
public final class TabularProfiler {

	/** How many problems of a bad file are listed; all are counted. */
	static final int MAX_PROBLEMS_LISTED = 10;

	private final int maxColumns;

	/**
	 * @param maxColumns the most columns a file may have
	 */
	public TabularProfiler(int maxColumns) {
		this.maxColumns = maxColumns;
	}

	/**
	 * The profile of a CSV file, and its SHA-256.
	 * @throws InvalidDatasetException if the file is not a CSV with a header and rows
	 */
	public Profiled profile(Path file) throws IOException {
		char delimiter;
		try (InputStream head = Files.newInputStream(file)) {
			delimiter = DialectSniffer.sniff(head);
		}
		MessageDigest sha256 = sha256();
		try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), sha256)) {
			var reader = new CsvReader(new Utf8Text(in), delimiter, this.maxColumns + 1);
			var problems = new Problems();
			CsvReader.CsvRecord header = next(reader, problems);
			if (header == null) {
				throw new InvalidDatasetException(
						new Problem(1, "the file is empty: a CSV needs a header row and at least one row of data"));
			}
			List<ColumnStats> columns = header(header, problems);
			problems.throwIfAny();
			long rows = 0;
			for (CsvReader.CsvRecord record = next(reader, problems); record != null; record = next(reader, problems)) {
				if (record.fieldCount() != columns.size()) {
					problems.add(new Problem(record.line(),
							"this row has " + record.fieldCount() + ((record.fieldCount() == 1) ? " value" : " values")
									+ " but the header names " + columns.size() + " columns"));
					continue;
				}
				rows++;
				for (int i = 0; i < columns.size(); i++) {
					columns.get(i).add(record.fields().get(i));
				}
			}
			problems.throwIfAny();
			if (rows == 0) {
				throw new InvalidDatasetException(new Problem(2, "the file has a header row but no rows of data"));
			}
			var profile = new TabularProfile(rows, delimiter, columns.stream().map(ColumnStats::profile).toList());
			return new Profiled(profile, HexFormat.of().formatHex(sha256.digest()));
		}
	}

	/**
	 * The next record; where the file cannot be read on, the problems so far and that
	 * one.
	 */
	private static CsvReader.@Nullable CsvRecord next(CsvReader reader, Problems problems) throws IOException {
		try {
			return reader.next();
		}
		catch (InvalidDatasetException ex) {
			ex.problems().forEach(problems::add);
			problems.throwIfAny();
			throw ex;
		}
	}

	private List<ColumnStats> header(CsvReader.CsvRecord header, Problems problems) {
		if (header.fieldCount() > this.maxColumns) {
			problems.add(new Problem(header.line(), "the header names " + header.fieldCount()
					+ " columns; a dataset may have at most " + this.maxColumns));
			return List.of();
		}
		var columns = new ArrayList<ColumnStats>();
		Map<String, Integer> seen = new HashMap<>();
		boolean allNumbers = true;
		for (int i = 0; i < header.fieldCount(); i++) {
			String name = header.fields().get(i).strip();
			if (name.isEmpty()) {
				problems.add(new Problem(header.line(), "column " + (i + 1) + " has no name in the header row"));
			}
			else if (seen.containsKey(name)) {
				problems.add(new Problem(header.line(), "the header names two columns '" + name + "' (columns "
						+ seen.get(name) + " and " + (i + 1) + "): column names must be unique"));
			}
			seen.putIfAbsent(name, i + 1);
			allNumbers &= Cells.number(name) != null;
			columns.add(new ColumnStats(name));
		}
		if (allNumbers) {
			problems.add(new Problem(header.line(), "the first line holds numbers, not column names: the file "
					+ "needs a header row that names its columns"));
		}
		return columns;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/**
	 * A profile and the file's digest.
	 *
	 * @param profile the profile
	 * @param sha256 the SHA-256 of the file's bytes, hex
	 */
	public record Profiled(TabularProfile profile, String sha256) {

	}

	/** The problems found so far: the first few kept, all counted. */
	private static final class Problems {

		private final List<Problem> listed = new ArrayList<>();

		private long count;

		void add(Problem problem) {
			if (this.listed.size() < MAX_PROBLEMS_LISTED) {
				this.listed.add(problem);
			}
			this.count++;
		}

		void throwIfAny() {
			if (this.count > 0) {
				throw new InvalidDatasetException(this.listed, this.count);
			}
		}

	}

}
