package io.modelhost.registry;

import io.modelhost.accounts.Holdings;
import io.modelhost.accounts.UserHoldings;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.internal.ModelStore;

import org.springframework.stereotype.Component;

/**
 * A user's models, live or archived, and the bytes of every version's upload (a trained
 * model's file is uploaded like any other), for their limits.
 */
@Component
class ModelHoldings implements UserHoldings {

	private final ModelStore store;

	ModelHoldings(ModelStore store) {
		this.store = store;
	}

	@Override
	public Holdings of(UserId user) {
		return this.store.holdings(user);
	}

}
