package io.modelhost.datasets.web;

import java.util.Optional;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UploadPaths;
import io.modelhost.accounts.UserId;

import org.springframework.stereotype.Component;

/** The datasets' upload, for the check of its declared length: the caller's own. */
@Component
class DatasetUploadPaths implements UploadPaths {

	@Override
	public Optional<UserId> owner(String path, Caller caller) {
		return path.equals("/api/v1/datasets") ? Optional.of(caller.userId()) : Optional.empty();
	}

}
