package io.modelhost.web;

import java.io.IOException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Recognises a failure caused by a full disk (or an exhausted quota) anywhere in an
 * exception's causes, so that it answers 507 rather than 500. The JDK reports both as a
 * plain {@link IOException} whose message is the system's text for {@code ENOSPC} or
 * {@code EDQUOT}.
 */
public final class DiskFull {

	private DiskFull() {
	}

	/** Whether the exception or one of its causes is a full disk or quota. */
	public static boolean causedBy(@Nullable Throwable exception) {
		int depth = 0;
		for (Throwable cause = exception; cause != null && depth < 20; cause = cause.getCause(), depth++) {
			if (cause instanceof IOException && cause.getMessage() != null) {
				String message = cause.getMessage().toLowerCase(Locale.ROOT);
				if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
					return true;
				}
			}
		}
		return false;
	}

}
