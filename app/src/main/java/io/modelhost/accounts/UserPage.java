package io.modelhost.accounts;

import java.util.List;

/**
 * One page of a listing of users.
 *
 * @param users the users on this page, newest first
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many users match in all
 */
public record UserPage(List<Account> users, int page, int size, long total) {

	public UserPage {
		users = List.copyOf(users);
	}

}
