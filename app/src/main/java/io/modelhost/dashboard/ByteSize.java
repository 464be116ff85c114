package io.modelhost.dashboard;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Bytes for reading, in the unit that fits: "512 B", "3.2 KB", "12 MB", "1.5 GB". The one
 * way the dashboard shows a size (memory, files, stored data); templates call it as
 * {@code ${@bytes.of(n)}}. Binary units (1 KB = 1024 B), one decimal below 10, none from
 * 10 up.
 */
@Component("bytes")
public final class ByteSize {

	private static final String[] UNITS = { "KB", "MB", "GB", "TB" };

	ByteSize() {
	}

	/**
	 * The size for reading, for templates (whose expressions call only public methods).
	 * @param bytes a size in bytes, or null when unknown
	 * @return the size for reading, or "—" when unknown
	 */
	public String of(@Nullable Number bytes) {
		return (bytes != null) ? text(bytes.longValue()) : "—";
	}

	/** The size for reading: "0 B", "999 B", "1.5 KB", "42 MB". */
	static String text(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		double value = bytes;
		String unit = UNITS[0];
		for (int i = 0; i < UNITS.length && value >= 1024; i++) {
			value /= 1024;
			unit = UNITS[i];
		}
		// 1023.96 KB would read "1024 KB": the next unit up says it better
		if (Math.round(value) >= 1024 && !unit.equals(UNITS[UNITS.length - 1])) {
			value /= 1024;
			unit = UNITS[java.util.Arrays.asList(UNITS).indexOf(unit) + 1];
		}
		String number = (value < 10) ? String.format(Locale.ROOT, "%.1f", value)
				: String.format(Locale.ROOT, "%.0f", value);
		return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + unit;
	}

	/**
	 * The unit that fits the largest of some sizes, for a chart's axis.
	 * @param largest the largest size shown
	 * @return the unit ("B", "KB", "MB", …) and its factor in bytes
	 */
	static Unit unitFor(double largest) {
		Unit unit = new Unit("B", 1);
		double factor = 1024;
		for (String name : UNITS) {
			if (largest < factor) {
				break;
			}
			unit = new Unit(name, factor);
			factor *= 1024;
		}
		return unit;
	}

	/**
	 * A unit of bytes.
	 *
	 * @param name its name, e.g. "MB"
	 * @param bytes how many bytes it is
	 */
	record Unit(String name, double bytes) {

	}

}
