package io.modelhost.engine.djl;

import java.io.IOException;

import io.modelhost.engine.ModelRejectedException.Kind;

/**
 * A zip archive that breaks the format, or that this engine refuses to read further, with
 * the kind of rejection it calls for. The message is safe to show a user.
 */
final class ArchiveFormatException extends IOException {

	private final Kind kind;

	ArchiveFormatException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	Kind kind() {
		return this.kind;
	}

}
