package io.modelhost.datasets;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.web.multipart.MultipartFile;

/** An uploaded file, as whatever received it can hand it over. */
public interface DatasetUpload {

	/** The name the client gave the file; display only, never used as a path. */
	String filename();

	/** The content's size in bytes, as received. */
	long size();

	/** Moves or copies the content to {@code target}, which does not exist yet. */
	void transferTo(Path target) throws IOException;

	/**
	 * A part of a multipart request, which the container has already streamed to disk:
	 * handing it over moves it.
	 */
	static DatasetUpload of(MultipartFile file) {
		return new DatasetUpload() {

			@Override
			public String filename() {
				String name = file.getOriginalFilename();
				return (name != null) ? name : "";
			}

			@Override
			public long size() {
				return file.getSize();
			}

			@Override
			public void transferTo(Path target) throws IOException {
				file.transferTo(target);
			}

		};
	}

}
