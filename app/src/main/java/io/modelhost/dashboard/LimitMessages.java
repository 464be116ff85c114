package io.modelhost.dashboard;

import io.modelhost.accounts.StorageLimitReachedException;

/** The pages' words for a refusal by the owner's limits. */
final class LimitMessages {

	private LimitMessages() {
	}

	static String storage(StorageLimitReachedException ex) {
		return "This file (" + AccountPages.Standing.readable(ex.uploadBytes()) + ") would pass your storage limit of "
				+ AccountPages.Standing.readable(ex.limit()) + "; you keep "
				+ AccountPages.Standing.readable(ex.storedBytes())
				+ ". Nothing of it was kept: delete models, versions or datasets, or ask an administrator for more.";
	}

}
