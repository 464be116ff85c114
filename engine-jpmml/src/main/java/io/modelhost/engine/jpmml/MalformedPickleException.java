package io.modelhost.engine.jpmml;

import java.io.IOException;

/** A stream that is not a well-formed pickle. */
final class MalformedPickleException extends IOException {

	MalformedPickleException(String what) {
		super("the pickle is malformed: " + what);
	}

}
