package io.modelhost.accounts;

/**
 * A user's identity.
 *
 * @param value a UUID string
 */
public record UserId(String value) implements java.io.Serializable {

	public UserId {
		if (value.length() != 36) {
			throw new IllegalArgumentException("a user id is a UUID but was '" + value + "'");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
