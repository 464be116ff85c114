package io.modelhost.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** An uploaded file, as whatever received it can hand it over. */
public interface DatasetUpload {

	/** The name the client gave the file; display only, never used as a path. */
	String filename();

	/** The content's size in bytes, as received. */
	long size();

	/** Moves or copies the content to {@code target}, which does not exist yet. */
	void transferTo(Path target) throws IOException;

}
