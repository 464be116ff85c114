package io.modelhost.jobs;

import java.util.regex.Pattern;

/**
 * What a job does, and so which {@link JobHandler} runs it: {@code training},
 * {@code evaluation}, {@code batch-prediction}, … A value, not an enum: modules add kinds
 * by registering handlers.
 *
 * @param name lower-case letters, digits and dashes, starting with a letter, at most 40
 * characters
 */
public record JobKind(String name) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

	public JobKind {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"a job kind is lower-case letters, digits and dashes (at most 40) but was '" + name + "'");
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
