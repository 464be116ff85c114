package io.modelhost.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar redrawn in place on standard error; silent when standard error is not a
 * terminal (or the user asked for no progress), so that logs and pipes stay clean.
 */
final class Progress implements AutoCloseable {

	private static final int WIDTH = 30;

	private final PrintWriter err;

	private final boolean enabled;

	private final String label;

	private long lastDraw;

	private boolean drawn;

	Progress(PrintWriter err, boolean enabled, String label) {
		this.err = err;
		this.enabled = enabled;
		this.label = label;
	}

	/** Bytes sent of a total. */
	void bytes(long done, long total) {
		double fraction = (total > 0) ? (double) done / total : 0;
		draw(fraction, size(done) + " / " + size(total), done >= total);
	}

	/** A fraction with words after it (a job's stage). */
	void fraction(double fraction, String text) {
		draw(fraction, text, false);
	}

	/** The last state, drawn whatever the time since the previous one. */
	void last(double fraction, String text) {
		draw(fraction, text, true);
	}

	private synchronized void draw(double fraction, String text, boolean force) {
		if (!this.enabled) {
			return;
		}
		long now = System.nanoTime();
		if (!force && this.drawn && now - this.lastDraw < 100_000_000L) {
			return;
		}
		this.lastDraw = now;
		this.drawn = true;
		this.err.print("\r\033[2K" + bar(this.label, fraction, text));
		this.err.flush();
	}

	/** One line of the bar: label, bar, percentage and text. */
	static String bar(String label, double fraction, String text) {
		double clamped = Math.max(0, Math.min(1, fraction));
		int filled = (int) Math.round(clamped * WIDTH);
		String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
				+ String.format(Locale.ROOT, "%3d%%", (int) Math.floor(clamped * 100))
				+ (text.isEmpty() ? "" : " " + text);
		return (line.length() > 120) ? line.substring(0, 119) + "…" : line;
	}

	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
		}
		return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
	}

	@Override
	public synchronized void close() {
		if (this.drawn) {
			this.err.println();
			this.err.flush();
			this.drawn = false;
		}
	}

}
