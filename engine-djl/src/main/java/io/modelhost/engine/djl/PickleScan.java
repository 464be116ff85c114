package io.modelhost.engine.djl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes a pickle names and the strings it holds, read opcode by opcode without
 * unpickling anything, so that bytes inside a string are never taken for an opcode.
 *
 * <p>
 * Opcodes that name a class other than through {@code GLOBAL} ({@code INST}, {@code OBJ},
 * {@code STACK_GLOBAL}, the extension registry) are refused: libtorch's unpickler reads
 * none of them and TorchScript's pickler writes none.
 *
 * @param globals every {@code GLOBAL}, as {@code module.name}, in order
 * @param strings every string literal, in order
 */
record PickleScan(List<String> globals, List<String> strings) {

	PickleScan {
		globals = List.copyOf(globals);
		strings = List.copyOf(strings);
	}

	/**
	 * Reads a whole pickle.
	 * @throws ScriptSyntaxException for an opcode this reader refuses or a truncated
	 * pickle; the line is the byte offset
	 */
	static PickleScan of(byte[] pickle) throws ScriptSyntaxException {
		var globals = new ArrayList<String>();
		var strings = new ArrayList<String>();
		ByteBuffer in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
		try {
			while (in.hasRemaining()) {
				int at = in.position();
				int opcode = in.get() & 0xff;
				switch (opcode) {
					case '.' -> {
						return new PickleScan(globals, strings);
					}
					case '(', '0', '1', '2', 'N', 'Q', 'R', 'a', 'b', 'd', '}', 'e', 'l', ']', 's', 't', ')', 'u', 0x81,
							0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x94 ->
						{
						}
					case 'F', 'I', 'L', 'P', 'g', 'p' -> line(in);
					case 'S', 'V' -> strings.add(line(in));
					case 'c' -> globals.add(line(in) + "." + line(in));
					case 'J', 'j', 'r' -> skip(in, 4);
					case 'K', 'h', 'q', 0x80 -> skip(in, 1);
					case 'M' -> skip(in, 2);
					case 'G', 0x95 -> skip(in, 8);
					case 0x8a -> skip(in, in.get() & 0xff);
					case 0x8b -> skip(in, length(in.getInt()));
					case 'T', 'B' -> bytes(in, length(in.getInt()), strings);
					case 'U', 'C' -> bytes(in, in.get() & 0xff, strings);
					case 'X' -> bytes(in, length(in.getInt()), strings);
					case 0x8c -> bytes(in, in.get() & 0xff, strings);
					case 0x8d, 0x8e, 0x96 -> bytes(in, length(in.getLong()), strings);
					default -> throw new ScriptSyntaxException(
							"pickle opcode 0x" + Integer.toHexString(opcode) + ", which TorchScript never writes", at);
				}
			}
		}
		catch (java.nio.BufferUnderflowException | IllegalArgumentException ex) {
			throw new ScriptSyntaxException("a truncated pickle", in.position());
		}
		throw new ScriptSyntaxException("a pickle without its STOP opcode", in.position());
	}

	private static String line(ByteBuffer in) throws ScriptSyntaxException {
		int start = in.position();
		while (in.get() != '\n') {
			if (in.position() - start > 1024) {
				throw new ScriptSyntaxException("a pickle text argument longer than 1024 bytes", start);
			}
		}
		return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
	}

	private static void bytes(ByteBuffer in, int length, List<String> strings) {
		int start = in.position();
		skip(in, length);
		strings.add(new String(in.array(), start, length, StandardCharsets.UTF_8));
	}

	private static void skip(ByteBuffer in, int length) {
		in.position(in.position() + length);
	}

	private static int length(long declared) {
		if (declared < 0 || declared > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("length " + declared);
		}
		return (int) declared;
	}

}
