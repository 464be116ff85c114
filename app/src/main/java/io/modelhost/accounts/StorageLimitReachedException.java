package io.modelhost.accounts;

/** An upload would take the owner past the bytes of files they may keep. */
public final class StorageLimitReachedException extends AccountException {

	private final long limit;

	private final long storedBytes;

	private final long uploadBytes;

	public StorageLimitReachedException(long limit, long storedBytes, long uploadBytes) {
		super("the owner keeps " + storedBytes + " bytes and may keep " + limit + "; the upload has " + uploadBytes);
		this.limit = limit;
		this.storedBytes = storedBytes;
		this.uploadBytes = uploadBytes;
	}

	/** How many bytes the owner may keep. */
	public long limit() {
		return this.limit;
	}

	/** How many they keep now. */
	public long storedBytes() {
		return this.storedBytes;
	}

	/**
	 * The upload's size: the file's, or, when the upload was refused before it was read,
	 * what its declared length leaves for the file.
	 */
	public long uploadBytes() {
		return this.uploadBytes;
	}

}
