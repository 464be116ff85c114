package io.modelhost.accounts;

/**
 * SPI: a module that keeps models or files for users says what each user keeps, so that
 * {@link UserLimits} can hold them to their limits. Every implementation is asked and the
 * answers are added up. Called on upload threads, concurrently: implementations read the
 * database and keep no state.
 */
public interface UserHoldings {

	/**
	 * What the user keeps in this module; {@link Holdings#NONE} for a user without any.
	 */
	Holdings of(UserId user);

}
