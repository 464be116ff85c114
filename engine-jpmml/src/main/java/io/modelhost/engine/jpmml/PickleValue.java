package io.modelhost.engine.jpmml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link PickleScanner} knows about a value on the pickle machine's stack. The
 * scanner tracks only what it needs to resolve imports and to find joblib's array data;
 * everything else is {@link Other}.
 */
sealed interface PickleValue {

	/** The stack marker pushed by MARK. */
	enum Mark implements PickleValue {

		INSTANCE

	}

	/** A value the scanner does not follow. */
	enum Other implements PickleValue {

		INSTANCE

	}

	/** None. */
	enum None implements PickleValue {

		INSTANCE

	}

	/** A short text. */
	record Text(String value) implements PickleValue {

	}

	/** An integer that fits a long. */
	record Whole(long value) implements PickleValue {

	}

	/** True or False. */
	record Flag(boolean value) implements PickleValue {

	}

	/** A tuple. */
	record Sequence(List<PickleValue> items) implements PickleValue {

	}

	/** A dict; only text keys are kept, and only the first few. */
	record Table(Map<String, PickleValue> entries) implements PickleValue {

		static final int MAX_TRACKED_ENTRIES = 256;

		Table() {
			this(new LinkedHashMap<>());
		}

		void put(PickleValue key, PickleValue value) {
			if (key instanceof Text text && this.entries.size() < MAX_TRACKED_ENTRIES) {
				this.entries.put(text.value(), value);
			}
		}

	}

	/** A class or function imported by GLOBAL, STACK_GLOBAL or INST. */
	record Import(String module, String name) implements PickleValue {

		String qualifiedName() {
			return this.module + "." + this.name;
		}

	}

	/** The result of calling an imported class or function. */
	record Instance(Import type, PickleValue arguments) implements PickleValue {

	}

	/**
	 * A numpy dtype.
	 *
	 * @param code the type code, e.g. {@code f8}
	 * @param itemSize bytes per element, -1 if unknown
	 * @param hasObject whether elements are Python objects (pickled, not raw bytes)
	 */
	record Dtype(String code, int itemSize, boolean hasObject) implements PickleValue {

	}

}
