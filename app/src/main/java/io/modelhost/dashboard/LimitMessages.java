package io.modelhost.dashboard;

import io.modelhost.accounts.StorageLimitReachedException;

/** The pages' words for a refusal by the owner's limits. */
final class LimitMessages {

	private LimitMessages() {
	}

	static String storage(StorageLimitReachedException ex) {
		return "This file (" + ByteSize.text(ex.uploadBytes()) + ") would pass your storage limit of "
				+ ByteSize.text(ex.limit()) + "; you keep " + ByteSize.text(ex.storedBytes())
				+ ". Nothing of it was kept: delete models, versions or datasets, or ask an administrator for more.";
	}

}
