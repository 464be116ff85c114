package io.modelhost.batch.web;

import java.util.Optional;
import java.util.regex.Pattern;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UploadPaths;
import io.modelhost.accounts.UserId;

import org.springframework.stereotype.Component;

/**
 * A batch prediction's CSV, for the check of its declared length: it is stored as the
 * caller's own dataset.
 */
@Component
class BatchUploadPaths implements UploadPaths {

	private static final Pattern PATH = Pattern.compile("/api/v1/models/[^/]+/batch-predictions");

	@Override
	public Optional<UserId> owner(String path, Caller caller) {
		return PATH.matcher(path).matches() ? Optional.of(caller.userId()) : Optional.empty();
	}

}
