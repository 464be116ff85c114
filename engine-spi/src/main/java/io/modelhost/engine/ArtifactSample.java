package io.modelhost.engine;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an engine sees when asked to recognise a file: its first bytes, its size and, for
 * formats that need more than a prefix, the file itself (read-only, in quarantine).
 *
 * @param file the uploaded file; engines may read it but must not modify or move it
 * @param size the file's length in bytes
 * @param head up to {@link #HEAD_SIZE} bytes from the start of the file
 */
public record ArtifactSample(Path file, long size, byte[] head) {

	/** How many leading bytes a sample holds at most. */
	public static final int HEAD_SIZE = 64 * 1024;

	public ArtifactSample {
		if (size < 0) {
			throw new IllegalArgumentException("size < 0: " + size);
		}
		if (head.length > HEAD_SIZE) {
			throw new IllegalArgumentException("head.length > " + HEAD_SIZE + ": " + head.length);
		}
	}

	/** Whether the head starts with the given bytes at the given offset. */
	public boolean hasBytesAt(int offset, byte... expected) {
		if (offset < 0 || offset + expected.length > head.length) {
			return false;
		}
		return Arrays.equals(head, offset, offset + expected.length, expected, 0, expected.length);
	}

	@Override
	public String toString() {
		return "ArtifactSample[size=" + this.size + ", head=" + this.head.length + " bytes]";
	}

}
