package io.modelhost.engine.jpmml;

import java.io.IOException;

/**
 * A pickle whose arrays would take more memory once unpickled than the limit allows.
 */
final class PickleTooLargeException extends IOException {

	PickleTooLargeException(String what) {
		super(what);
	}

}
