package io.modelhost.datasets;

import io.modelhost.accounts.Holdings;
import io.modelhost.accounts.UserHoldings;
import io.modelhost.accounts.UserId;
import io.modelhost.datasets.internal.DatasetStore;

import org.springframework.stereotype.Component;

/** The bytes of a user's datasets, as uploaded, for their limits. */
@Component
class DatasetHoldings implements UserHoldings {

	private final DatasetStore store;

	DatasetHoldings(DatasetStore store) {
		this.store = store;
	}

	@Override
	public Holdings of(UserId user) {
		return this.store.holdings(user);
	}

}
