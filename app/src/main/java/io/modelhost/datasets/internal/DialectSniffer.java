package io.modelhost.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.modelhost.datasets.InvalidDatasetException;

/**
 * Guesses a CSV's delimiter from the head of the file. Each candidate ({@code ,},
 * {@code ;}, tab) splits the head's records, quotes respected; the winner splits the
 * header into more than one field and the most records into as many fields as the header,
 * ties going to more fields, then to the order above. A file no candidate splits has one
 * column, and is read with commas.
 */
final class DialectSniffer {

	/** How much of the file is looked at. */
	static final int HEAD_BYTES = 64 * 1024;

	/** How many records of the head are compared. */
	private static final int RECORDS = 50;

	private static final char[] CANDIDATES = { ',', ';', '\t' };

	private DialectSniffer() {
	}

	/** The delimiter of the file whose first bytes these are. */
	static char sniff(InputStream in) throws IOException {
		byte[] head = in.readNBytes(HEAD_BYTES);
		boolean whole = in.read() == -1;
		// decoding errors are the reader's to report, with their line
		String text = new String(head, StandardCharsets.UTF_8);
		char best = ',';
		long bestScore = -1;
		for (char candidate : CANDIDATES) {
			long score = score(text, whole, candidate);
			if (score > bestScore) {
				best = candidate;
				bestScore = score;
			}
		}
		return best;
	}

	/**
	 * How well a delimiter splits the head: records that agree with the header first,
	 * then the header's width; -1 if it does not split the header.
	 */
	private static long score(String head, boolean whole, char delimiter) {
		var reader = new CsvReader(CharSource.of(head), delimiter, 0);
		int width = 0;
		var counts = new java.util.ArrayList<Integer>();
		try {
			CsvReader.CsvRecord header = reader.next();
			if (header == null || header.fieldCount() < 2) {
				return -1;
			}
			width = header.fieldCount();
			for (CsvReader.CsvRecord record = reader.next(); record != null
					&& counts.size() <= RECORDS; record = reader.next()) {
				counts.add(record.fieldCount());
			}
			if (!whole && !counts.isEmpty()) {
				// the head may end inside its last record
				counts.removeLast();
			}
		}
		catch (InvalidDatasetException | IOException ex) {
			// the head ends inside a quoted value, or the file is not text: judge on what
			// was read
		}
		int header = width;
		long agreeing = counts.stream().filter((count) -> count == header).count();
		return (width < 2) ? -1 : agreeing * 100_000 + width;
	}

}
