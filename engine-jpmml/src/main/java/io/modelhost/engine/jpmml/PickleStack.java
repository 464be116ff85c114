package io.modelhost.engine.jpmml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.jpmml.PickleValue.Mark;

/**
 * The pickle machine's stack and memo, as the {@link PickleScanner} follows them, with
 * bounds so that a hostile pickle cannot make the scanner itself run out of memory.
 */
final class PickleStack {

	private static final int MAX_STACK = 1_000_000;

	private static final int MAX_MEMO = 1_000_000;

	private final List<PickleValue> values = new ArrayList<>();

	private final Map<Long, PickleValue> memo = new HashMap<>();

	void push(PickleValue value) throws MalformedPickleException {
		if (this.values.size() >= MAX_STACK) {
			throw new MalformedPickleException("a stack deeper than " + MAX_STACK);
		}
		this.values.add(value);
	}

	PickleValue pop() throws MalformedPickleException {
		if (this.values.isEmpty()) {
			throw new MalformedPickleException("an opcode that needs more values than the stack holds");
		}
		return this.values.removeLast();
	}

	PickleValue peek() throws MalformedPickleException {
		if (this.values.isEmpty()) {
			throw new MalformedPickleException("an opcode that needs a value on an empty stack");
		}
		return this.values.getLast();
	}

	void replaceTop(PickleValue value) throws MalformedPickleException {
		pop();
		push(value);
	}

	/** The top {@code n} values, deepest first. */
	List<PickleValue> popMany(int n) throws MalformedPickleException {
		var items = new ArrayList<PickleValue>(n);
		for (int i = 0; i < n; i++) {
			items.addFirst(pop());
		}
		return items;
	}

	/** The values above the topmost mark, deepest first; the mark is removed too. */
	List<PickleValue> popToMark() throws MalformedPickleException {
		int mark = this.values.lastIndexOf(Mark.INSTANCE);
		if (mark < 0) {
			throw new MalformedPickleException("an opcode that needs a MARK where there is none");
		}
		var items = new ArrayList<>(this.values.subList(mark + 1, this.values.size()));
		this.values.subList(mark, this.values.size()).clear();
		return items;
	}

	void remember(long key, PickleValue value) throws MalformedPickleException {
		if (this.memo.size() >= MAX_MEMO && !this.memo.containsKey(key)) {
			throw new MalformedPickleException("more than " + MAX_MEMO + " memo entries");
		}
		this.memo.put(key, value);
	}

	/** MEMOIZE: stores the top of the stack under the next free memo key. */
	void memoize() throws MalformedPickleException {
		remember(this.memo.size(), peek());
	}

	PickleValue recall(long key) throws MalformedPickleException {
		PickleValue value = this.memo.get(key);
		if (value == null) {
			throw new MalformedPickleException("a memo key that was never stored (" + key + ")");
		}
		return value;
	}

}
