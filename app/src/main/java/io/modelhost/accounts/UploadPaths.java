package io.modelhost.accounts;

import java.util.Optional;

/**
 * SPI: the upload paths of a module, so that an upload whose declared length alone would
 * pass its owner's limit on stored bytes is refused before its body is read. Called on
 * request threads, concurrently, after the caller has been authenticated.
 */
public interface UploadPaths {

	/**
	 * Whose limits a {@code POST} of a file to this path counts against.
	 * @param path the request's path, without the context path
	 * @return the owner, if the path is one of this module's uploads and the caller may
	 * upload there; empty otherwise (the request then goes on, and is answered as usual)
	 */
	Optional<UserId> owner(String path, Caller caller);

}
