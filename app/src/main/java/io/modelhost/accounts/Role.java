package io.modelhost.accounts;

/** What a user may do on the platform. */
public enum Role {

	USER, ADMIN

}
