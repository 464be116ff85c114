package io.modelhost.jobs;

import java.util.UUID;

/**
 * A job's identity.
 *
 * @param value a UUID string
 */
public record JobId(String value) {

	public JobId {
		if (value.length() != 36) {
			throw new IllegalArgumentException("a job id is a UUID but was '" + value + "'");
		}
	}

	/**
	 * A job id from an API path segment.
	 * @throws JobNotFoundException if it cannot be a job id: no job has it
	 */
	public static JobId parse(String text) {
		try {
			return new JobId(UUID.fromString(text).toString());
		}
		catch (IllegalArgumentException ex) {
			throw new JobNotFoundException();
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
