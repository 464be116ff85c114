package io.modelhost.engine.jpmml;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.modelhost.engine.jpmml.PickleValue.Dtype;
import io.modelhost.engine.jpmml.PickleValue.Flag;
import io.modelhost.engine.jpmml.PickleValue.Import;
import io.modelhost.engine.jpmml.PickleValue.Instance;
import io.modelhost.engine.jpmml.PickleValue.Sequence;
import io.modelhost.engine.jpmml.PickleValue.Table;
import io.modelhost.engine.jpmml.PickleValue.Text;
import io.modelhost.engine.jpmml.PickleValue.Whole;

/**
 * Reads a pickle opcode by opcode without running it, and refuses every import that is
 * not on an allow-list.
 *
 * <p>
 * It follows the stack and memo symbolically, so an import whose name is assembled on the
 * stack ({@code STACK_GLOBAL} after {@code BINGET}) is resolved, and one whose name is
 * computed ({@code STACK_GLOBAL} after {@code REDUCE}) is refused. Only imported classes
 * and functions may be called. It scans every pickle stacked in a file, and it
 * understands joblib's layout, where raw array bytes follow each
 * {@code NumpyArrayWrapper} in the stream. It never allocates more than a small, fixed
 * amount per opcode: long strings and byte runs are skipped, not read into memory.
 *
 * <p>
 * It also adds up the memory the converter will take for every numpy array the pickle
 * declares (joblib's wrappers, {@code _reconstruct} with its state, {@code _frombuffer},
 * masked arrays), from the declared shape and dtype, widened as the converter holds them
 * ({@link #WIDENED_WORD_BYTES}), and refuses the pickle once the total passes a limit:
 * the converter allocates a list of the declared size before it reads a byte of data, so
 * a few bytes declaring a shape of billions must never reach it. One instance scans one
 * stream; not thread-safe.
 */
final class PickleScanner {

	private static final int MAX_TEXT = 1024;

	private static final int MAX_NESTING = 8;

	private static final Set<String> ARRAY_WRAPPERS = Set.of("joblib.numpy_pickle.NumpyArrayWrapper",
			"sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper");

	/**
	 * Heap bytes an array element takes in the converter, per 8 bytes of its dtype: it
	 * becomes a boxed Java value (16 bytes) behind a reference in a list (8 bytes); a
	 * record of a structured dtype becomes one such value per field.
	 */
	static final int WIDENED_WORD_BYTES = 24;

	private static final Set<String> ARRAY_RECONSTRUCTORS = Set.of("numpy.core.multiarray._reconstruct",
			"numpy._core.multiarray._reconstruct", "numpy.core._multiarray_umath._reconstruct",
			"numpy._core._multiarray_umath._reconstruct", "numpy.ma.core._mareconstruct");

	private static final Set<String> FROM_BUFFER = Set.of("numpy.core.numeric._frombuffer",
			"numpy._core.numeric._frombuffer");

	private final Predicate<String> allowed;

	/** The most bytes the declared arrays may take once unpickled. */
	private final long maxArrayBytes;

	/** The bytes the arrays declared so far take once unpickled. */
	private long arrayBytes;

	private final PickleInput in;

	private final Set<String> imports = new LinkedHashSet<>();

	private final Set<String> refused = new LinkedHashSet<>();

	private int arrays;

	/**
	 * A scanner without a memory limit, for recognising a file's head.
	 */
	PickleScanner(Predicate<String> allowed, InputStream in) {
		this(allowed, in, Long.MAX_VALUE);
	}

	/**
	 * A scanner.
	 * @param maxArrayBytes the most bytes the pickle's arrays may take once unpickled
	 */
	PickleScanner(Predicate<String> allowed, InputStream in, long maxArrayBytes) {
		this.allowed = allowed;
		this.in = new PickleInput(in);
		this.maxArrayBytes = maxArrayBytes;
	}

	/**
	 * Scans the whole stream.
	 * @return what was found
	 * @throws PickleRefusedException if an import is refused or a call is not to an
	 * import
	 * @throws MalformedPickleException if the stream is not a well-formed pickle
	 * @throws PickleTooLargeException if its arrays would take more than the limit
	 * @throws IOException if reading fails, including when a size limit is exceeded
	 */
	ScanReport scan() throws IOException {
		int pickles = 0;
		do {
			scanOne(0);
			pickles++;
		}
		while (this.in.hasMore());
		if (!this.refused.isEmpty()) {
			throw new PickleRefusedException(List.copyOf(this.refused), "imports outside the allow-list");
		}
		return new ScanReport(List.copyOf(this.imports), pickles, this.arrays, this.in.position());
	}

	private void scanOne(int nesting) throws IOException {
		if (nesting > MAX_NESTING) {
			throw malformed("pickles nested more than " + MAX_NESTING + " deep");
		}
		var stack = new PickleStack();
		while (true) {
			long at = this.in.position();
			int opcode = this.in.u1();
			switch (opcode) {
				case '.' -> { // STOP
					return;
				}
				case 0x80 -> { // PROTO
					int protocol = this.in.u1();
					if (protocol > 5) {
						throw malformed("unknown pickle protocol " + protocol);
					}
				}
				case 0x95 -> this.in.u8(); // FRAME: a length hint only
				case '(' -> stack.push(PickleValue.Mark.INSTANCE);
				case '0' -> stack.pop();
				case '1' -> stack.popToMark();
				case '2' -> stack.push(stack.peek());
				case 'N' -> stack.push(PickleValue.None.INSTANCE);
				case 0x88 -> stack.push(new Flag(true));
				case 0x89 -> stack.push(new Flag(false));
				case 'I' -> stack.push(parseInt(this.in.line()));
				case 'L' -> stack.push(parseInt(this.in.line().replace("L", "")));
				case 'J' -> stack.push(new Whole(this.in.s4()));
				case 'K' -> stack.push(new Whole(this.in.u1()));
				case 'M' -> stack.push(new Whole(this.in.u1() | (this.in.u1() << 8)));
				case 0x8a -> stack.push(littleEndian(this.in.u1()));
				case 0x8b -> stack.push(littleEndian(length(this.in.s4())));
				case 'F' -> {
					this.in.line();
					stack.push(PickleValue.Other.INSTANCE);
				}
				case 'G' -> {
					this.in.skip(8);
					stack.push(PickleValue.Other.INSTANCE);
				}
				case 'S' -> stack.push(quoted(this.in.line()));
				case 'V' -> stack.push(text(this.in.line()));
				case 'T' -> stack.push(utf8(length(this.in.s4())));
				case 'U', 'C' -> stack.push(bytes(this.in.u1()));
				case 'X' -> stack.push(utf8(this.in.u4()));
				case 0x8c -> stack.push(utf8(this.in.u1()));
				case 0x8d -> stack.push(utf8(this.in.u8()));
				case 'B' -> stack.push(bytes(this.in.u4()));
				case 0x8e, 0x96 -> stack.push(bytes(this.in.u8()));
				case ')' -> stack.push(new Sequence(List.of()));
				case 't' -> stack.push(new Sequence(stack.popToMark()));
				case 0x85 -> stack.push(new Sequence(stack.popMany(1)));
				case 0x86 -> stack.push(new Sequence(stack.popMany(2)));
				case 0x87 -> stack.push(new Sequence(stack.popMany(3)));
				case ']', 0x8f -> stack.push(PickleValue.Other.INSTANCE);
				case 'l', 0x91 -> {
					stack.popToMark();
					stack.push(PickleValue.Other.INSTANCE);
				}
				case 'a' -> stack.pop();
				case 'e', 0x90 -> stack.popToMark();
				case '}' -> stack.push(new Table());
				case 'd' -> {
					List<PickleValue> items = stack.popToMark();
					var table = new Table();
					for (int i = 0; i + 1 < items.size(); i += 2) {
						table.put(items.get(i), items.get(i + 1));
					}
					stack.push(table);
				}
				case 's' -> {
					PickleValue value = stack.pop();
					PickleValue key = stack.pop();
					if (stack.peek() instanceof Table table) {
						table.put(key, value);
					}
				}
				case 'u' -> {
					List<PickleValue> items = stack.popToMark();
					if (stack.peek() instanceof Table table) {
						for (int i = 0; i + 1 < items.size(); i += 2) {
							table.put(items.get(i), items.get(i + 1));
						}
					}
				}
				case 'p' -> stack.remember(parseLong(this.in.line()), stack.peek());
				case 'q' -> stack.remember(this.in.u1(), stack.peek());
				case 'r' -> stack.remember(this.in.u4(), stack.peek());
				case 0x94 -> stack.memoize();
				case 'g' -> stack.push(stack.recall(parseLong(this.in.line())));
				case 'h' -> stack.push(stack.recall(this.in.u1()));
				case 'j' -> stack.push(stack.recall(this.in.u4()));
				case 'c' -> stack.push(importing(this.in.line(), this.in.line()));
				case 0x93 -> {
					PickleValue name = stack.pop();
					PickleValue module = stack.pop();
					if (!(module instanceof Text m) || !(name instanceof Text n)) {
						throw refused("(computed name)", "an import whose name is computed while loading");
					}
					stack.push(importing(m.value(), n.value()));
				}
				case 'i' -> {
					Import type = importing(this.in.line(), this.in.line());
					stack.push(new Instance(type, new Sequence(stack.popToMark())));
				}
				case 'o' -> {
					List<PickleValue> items = stack.popToMark();
					if (items.isEmpty()) {
						throw malformed("OBJ without a class at byte " + at);
					}
					stack.push(new Instance(callable(items.getFirst()), new Sequence(items.subList(1, items.size()))));
				}
				case 'R' -> {
					PickleValue arguments = stack.pop();
					stack.push(call(callable(stack.pop()), arguments));
				}
				case 0x81 -> {
					PickleValue arguments = stack.pop();
					stack.push(new Instance(callable(stack.pop()), arguments));
				}
				case 0x92 -> {
					stack.pop(); // keyword arguments
					PickleValue arguments = stack.pop();
					stack.push(new Instance(callable(stack.pop()), arguments));
				}
				case 'b' -> build(stack.pop(), stack.peek(), stack, nesting);
				case 'P', 'Q' -> throw refused("(persistent reference)",
						"a persistent reference, which only a custom loader can resolve");
				case 0x82, 0x83, 0x84 ->
					throw refused("(extension registry)", "a reference to the copyreg extension registry");
				case 0x97, 0x98 -> throw malformed("out-of-band buffers, which a file cannot carry");
				default -> throw malformed("unknown opcode 0x" + Integer.toHexString(opcode) + " at byte " + at);
			}
		}
	}

	private Import importing(String module, String name) throws MalformedPickleException {
		if (module.isEmpty() || name.isEmpty()) {
			throw malformed("an import with an empty name");
		}
		var imported = new Import(module, name);
		String qualified = imported.qualifiedName();
		this.imports.add(qualified);
		if (!this.allowed.test(qualified)) {
			this.refused.add(qualified);
		}
		return imported;
	}

	private Import callable(PickleValue value) throws PickleRefusedException {
		if (value instanceof Import imported) {
			return imported;
		}
		throw refused("(call)", "a call to something other than an imported class or function");
	}

	private PickleValue call(Import callable, PickleValue arguments) throws IOException {
		if (FROM_BUFFER.contains(callable.qualifiedName()) && arguments instanceof Sequence(var items)
				&& items.size() >= 3) {
			// _frombuffer(buffer, dtype, shape, order)
			count(items.get(2), items.get(1));
		}
		if (callable.qualifiedName().equals("numpy.dtype") && arguments instanceof Sequence(var items)
				&& !items.isEmpty() && items.getFirst() instanceof Text(String code)) {
			return dtype(code, -1, false);
		}
		return new Instance(callable, arguments);
	}

	/**
	 * BUILD: sets an object's state; for joblib's array wrapper the array bytes follow.
	 */
	private void build(PickleValue state, PickleValue target, PickleStack stack, int nesting) throws IOException {
		if (target instanceof Dtype dtype && state instanceof Sequence(var items) && items.size() >= 8) {
			// numpy's dtype state: (version, byteorder, subarray, names, fields, elsize,
			// alignment, flags); flag 0x01 means the elements hold object references
			int itemSize = items.get(5) instanceof Whole(long size) && size > 0 ? (int) size : dtype.itemSize();
			boolean hasObject = dtype.hasObject() || items.get(7) instanceof Whole(long flags) && (flags & 1) != 0;
			stack.replaceTop(new Dtype(dtype.code(), itemSize, hasObject));
		}
		else if (target instanceof Instance instance && ARRAY_WRAPPERS.contains(instance.type().qualifiedName())) {
			skipArray(state, nesting);
		}
		else if (target instanceof Instance instance && ARRAY_RECONSTRUCTORS.contains(instance.type().qualifiedName())
				&& state instanceof Sequence(var items) && !items.isEmpty()) {
			// ndarray state: (version, shape, dtype, is_fortran, data), or without the
			// version; masked arrays add their mask and fill value
			int shapeAt = (items.getFirst() instanceof Sequence) ? 0 : 1;
			if (items.size() < shapeAt + 2) {
				throw malformed("an array state without shape or dtype");
			}
			count(items.get(shapeAt), items.get(shapeAt + 1));
		}
	}

	/**
	 * Adds an array's memory once unpickled to the total, refusing the pickle past the
	 * limit; an unknown dtype counts as 8 bytes an element.
	 */
	private void count(PickleValue shape, PickleValue dtype) throws IOException {
		if (!(shape instanceof Sequence(var dimensions))) {
			throw malformed("an array whose shape is not a tuple of integers");
		}
		long elements = 1;
		for (PickleValue dimension : dimensions) {
			long size = switch (dimension) {
				case Whole(long value) -> value;
				case Flag(boolean value) -> value ? 1 : 0; // protocol 0 writes 0 and 1 as
															// I00, I01
				default -> throw malformed("an array whose shape is not a tuple of integers");
			};
			if (size < 0) {
				throw malformed("an array with a negative dimension");
			}
			elements = (size != 0 && elements > Long.MAX_VALUE / size) ? Long.MAX_VALUE : elements * size;
		}
		int itemSize = (dtype instanceof Dtype known && known.itemSize() > 0) ? known.itemSize() : 8;
		long words = Math.max(1, (itemSize + 7) / 8);
		long bytes = (elements > Long.MAX_VALUE / (words * WIDENED_WORD_BYTES)) ? Long.MAX_VALUE
				: elements * words * WIDENED_WORD_BYTES;
		this.arrayBytes = (Long.MAX_VALUE - this.arrayBytes < bytes) ? Long.MAX_VALUE : this.arrayBytes + bytes;
		if (this.arrayBytes > this.maxArrayBytes) {
			throw new PickleTooLargeException("an array of shape " + shape(dimensions) + " and " + itemSize
					+ "-byte elements brings the arrays to " + this.arrayBytes + " bytes once unpickled, more than the "
					+ "limit of " + this.maxArrayBytes + " bytes");
		}
	}

	private static String shape(List<PickleValue> dimensions) {
		return dimensions.stream().map((dimension) -> switch (dimension) {
			case Whole(long value) -> String.valueOf(value);
			case Flag(boolean value) -> value ? "1" : "0";
			default -> "?";
		}).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
	}

	private void skipArray(PickleValue state, int nesting) throws IOException {
		if (!(state instanceof Table(Map<String, PickleValue> entries))
				|| !(entries.get("shape") instanceof Sequence(var shape))
				|| !(entries.get("dtype") instanceof Dtype dtype)) {
			throw malformed("a joblib array without shape or dtype");
		}
		this.arrays++;
		count(entries.get("shape"), dtype);
		if (dtype.hasObject()) {
			// an array of Python objects is stored as a pickle of its own
			scanOne(nesting + 1);
			return;
		}
		if (entries.containsKey("numpy_array_alignment_bytes")) {
			this.in.skip(this.in.u1());
		}
		if (dtype.itemSize() < 0) {
			throw malformed("a joblib array of unsupported dtype '" + dtype.code() + "'");
		}
		long count = 1;
		for (PickleValue dimension : shape) {
			if (!(dimension instanceof Whole(long size)) || size < 0) {
				throw malformed("a joblib array with an invalid shape");
			}
			count = multiply(count, size);
		}
		this.in.skip(multiply(count, dtype.itemSize()));
	}

	private long multiply(long a, long b) throws MalformedPickleException {
		try {
			return Math.multiplyExact(a, b);
		}
		catch (ArithmeticException ex) {
			throw malformed("a joblib array larger than any file");
		}
	}

	private static Dtype dtype(String code, int itemSize, boolean hasObject) {
		String kind = code.replaceAll("[0-9]", "").replaceAll("^[<>|=]", "");
		String digits = code.replaceAll("[^0-9]", "");
		int size = digits.isEmpty() ? -1 : Integer.parseInt(digits.length() > 6 ? "-1" : digits);
		return switch (kind) {
			case "O" -> new Dtype(code, 8, true);
			case "?", "b" -> new Dtype(code, size > 0 ? size : 1, hasObject);
			case "U" -> new Dtype(code, size > 0 ? size * 4 : itemSize, hasObject);
			case "i", "u", "f", "c", "S", "V", "a", "M", "m" -> new Dtype(code, size > 0 ? size : itemSize, hasObject);
			default -> new Dtype(code, -1, hasObject);
		};
	}

	private PickleValue parseInt(String digits) throws MalformedPickleException {
		return switch (digits) {
			case "00" -> new Flag(false);
			case "01" -> new Flag(true);
			default -> {
				try {
					yield new Whole(Long.parseLong(digits.strip()));
				}
				catch (NumberFormatException ex) {
					yield PickleValue.Other.INSTANCE;
				}
			}
		};
	}

	private long parseLong(String digits) throws MalformedPickleException {
		try {
			return Long.parseLong(digits.strip());
		}
		catch (NumberFormatException ex) {
			throw malformed("a memo key that is not a number");
		}
	}

	private PickleValue littleEndian(long length) throws IOException {
		if (length > 8) {
			this.in.skip(length);
			return PickleValue.Other.INSTANCE;
		}
		long value = 0;
		for (int i = 0; i < length; i++) {
			value |= (long) this.in.u1() << (8 * i);
		}
		if (length > 0 && length < 8 && (value & (1L << (8 * length - 1))) != 0) {
			value -= 1L << (8 * length); // sign-extend
		}
		return new Whole(value);
	}

	private static PickleValue quoted(String line) {
		if (line.length() >= 2 && (line.startsWith("'") || line.startsWith("\""))) {
			return text(line.substring(1, line.length() - 1));
		}
		return text(line);
	}

	private static PickleValue text(String value) {
		return value.length() <= MAX_TEXT ? new Text(value) : PickleValue.Other.INSTANCE;
	}

	private PickleValue utf8(long length) throws IOException {
		if (length > MAX_TEXT) {
			this.in.skip(length);
			return PickleValue.Other.INSTANCE;
		}
		return new Text(this.in.utf8((int) length));
	}

	private PickleValue bytes(long length) throws IOException {
		this.in.skip(length);
		return PickleValue.Other.INSTANCE;
	}

	private long length(long value) throws MalformedPickleException {
		if (value < 0) {
			throw malformed("a negative length at byte " + this.in.position());
		}
		return value;
	}

	private static MalformedPickleException malformed(String what) {
		return new MalformedPickleException(what);
	}

	private PickleRefusedException refused(String name, String what) {
		var names = new ArrayList<>(this.refused);
		names.add(name);
		return new PickleRefusedException(names, what);
	}

	/**
	 * What a scan found.
	 *
	 * @param imports every distinct import, in order of appearance
	 * @param pickles how many pickles the stream held
	 * @param arrays how many joblib arrays were skipped
	 * @param bytes how many bytes were read
	 */
	record ScanReport(List<String> imports, int pickles, int arrays, long bytes) {

	}

}
