package io.modelhost.datasets.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rules for names inside an image zip: which are unsafe (refused), which are junk
 * (ignored), which are pictures, and what a class label may be.
 */
final class EntryNames {

	static final int MAX_LABEL = 100;

	private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

	private EntryNames() {
	}

	/** Why a name is unsafe to follow, or null when it is a plain relative path. */
	static @Nullable String unsafe(String name) {
		if (name.isEmpty()) {
			return "the archive holds an entry with no name";
		}
		if (name.chars().anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
			return "the name holds control characters";
		}
		if (name.indexOf('\\') >= 0) {
			return "the name holds a backslash; zip names use '/' between folders";
		}
		if (name.startsWith("/")) {
			return "the name is an absolute path";
		}
		if (DRIVE.matcher(name).matches()) {
			return "the name starts with a drive letter";
		}
		String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
		for (String segment : path.split("/", -1)) {
			if (segment.equals("..")) {
				return "the name leads out of the archive ('..')";
			}
			if (segment.isEmpty() || segment.equals(".")) {
				return "the name is not a plain relative path (an empty or '.' folder)";
			}
		}
		return null;
	}

	/**
	 * Whether a (safe) name is junk an archiver or a desktop adds: macOS's
	 * {@code __MACOSX/} folder and {@code ._} files, hidden files such as
	 * {@code .DS_Store}, Windows' {@code Thumbs.db} and {@code desktop.ini}.
	 */
	static boolean junk(String name) {
		String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
		for (String segment : path.split("/")) {
			if (segment.equals("__MACOSX") || segment.startsWith(".")) {
				return true;
			}
		}
		String file = fileName(path).toLowerCase(Locale.ROOT);
		return file.equals("thumbs.db") || file.equals("desktop.ini");
	}

	/** Whether the name ends like a PNG or JPEG picture's. */
	static boolean picture(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
	}

	/** The last segment of a path. */
	static String fileName(String path) {
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/** Why a label is not one, or null when it is: stripped, 1..100 characters. */
	static @Nullable String badLabel(String label) {
		if (label.isBlank()) {
			return "the label is blank";
		}
		if (label.length() > MAX_LABEL) {
			return "the label is longer than " + MAX_LABEL + " characters";
		}
		if (label.chars().anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
			return "the label holds control characters";
		}
		return null;
	}

	/**
	 * Orders names as people do: runs of digits by their value, so {@code 2.png} comes
	 * before {@code 10.png}; ties by plain order.
	 */
	static int natural(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			char x = a.charAt(i);
			char y = b.charAt(j);
			if (Character.isDigit(x) && Character.isDigit(y)) {
				int endA = digitsEnd(a, i);
				int endB = digitsEnd(b, j);
				String numberA = a.substring(i, endA).replaceFirst("^0+(?=.)", "");
				String numberB = b.substring(j, endB).replaceFirst("^0+(?=.)", "");
				int compared = (numberA.length() != numberB.length())
						? Integer.compare(numberA.length(), numberB.length()) : numberA.compareTo(numberB);
				if (compared != 0) {
					return compared;
				}
				i = endA;
				j = endB;
			}
			else {
				if (x != y) {
					return Character.compare(x, y);
				}
				i++;
				j++;
			}
		}
		int compared = Integer.compare(a.length() - i, b.length() - j);
		return (compared != 0) ? compared : a.compareTo(b);
	}

	private static int digitsEnd(String text, int from) {
		int end = from;
		while (end < text.length() && Character.isDigit(text.charAt(end))) {
			end++;
		}
		return end;
	}

}
