package io.modelhost.engine.jpmml;

import java.io.IOException;
import java.util.List;

/** A pickle imports or calls something it may not. */
final class PickleRefusedException extends IOException {

	private final List<String> names;

	PickleRefusedException(List<String> names, String what) {
		super(what);
		this.names = List.copyOf(names);
	}

	/** The refused imports, or a description in parentheses for a refused construct. */
	List<String> names() {
		return this.names;
	}

}
