package io.modelhost.engine.jpmml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembled pickles for tests: the opcodes a hostile file would use. */
final class PickleBytes {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	static PickleBytes protocol(int protocol) {
		return new PickleBytes().op(0x80).op(protocol);
	}

	static PickleBytes text() {
		return new PickleBytes();
	}

	PickleBytes op(int opcode) {
		this.out.write(opcode);
		return this;
	}

	PickleBytes raw(String text) {
		this.out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
		return this;
	}

	/** SHORT_BINUNICODE. */
	PickleBytes string(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return op(0x8c).op(bytes.length).bytes(bytes);
	}

	/** STACK_GLOBAL of two strings. */
	PickleBytes stackGlobal(String module, String name) {
		return string(module).string(name).op(0x93);
	}

	/** A one-argument call: callable already on the stack. */
	PickleBytes callWith(String argument) {
		return string(argument).op(0x85).op('R');
	}

	PickleBytes u4(long value) {
		for (int i = 0; i < 4; i++) {
			this.out.write((int) (value >>> (8 * i)) & 0xff);
		}
		return this;
	}

	PickleBytes u8(long value) {
		for (int i = 0; i < 8; i++) {
			this.out.write((int) (value >>> (8 * i)) & 0xff);
		}
		return this;
	}

	PickleBytes bytes(byte[] bytes) {
		this.out.writeBytes(bytes);
		return this;
	}

	PickleBytes stop() {
		return op('.');
	}

	byte[] build() {
		return this.out.toByteArray();
	}

}
