package io.modelhost.datasets.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.modelhost.FileTrees;
import io.modelhost.ModelhostProperties;
import io.modelhost.datasets.DatasetId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.IdGenerator;

/**
 * Dataset files on local disk: {@code <data>/datasets/<id>/data} for a CSV, the pictures
 * and their index ({@link PictureIndex}) under {@code <data>/datasets/<id>/} for an image
 * dataset. An upload is received and checked in a private directory under
 * {@code <data>/datasets/incoming/}, and published by renaming that directory, so a
 * dataset's directory is complete or absent.
 */
@Component
public class DatasetFiles {

	/** The name of a dataset's file in its directory, whatever the client called it. */
	public static final String DATA_FILE = "data";

	private static final Logger log = LoggerFactory.getLogger(DatasetFiles.class);

	private final Path datasets;

	private final Path incoming;

	private final IdGenerator ids;

	public DatasetFiles(ModelhostProperties properties, IdGenerator ids) {
		this.datasets = properties.dataDir().resolve("datasets").toAbsolutePath().normalize();
		// dataset ids are UUIDs: no dataset is called "incoming"
		this.incoming = this.datasets.resolve("incoming");
		this.ids = ids;
		try {
			Files.createDirectories(this.incoming);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the data directory " + this.incoming, ex);
		}
	}

	/** A new, empty private directory to receive an upload in. */
	public Path newWorkDirectory() {
		try {
			return Files.createDirectory(this.incoming.resolve(this.ids.generateId().toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a work directory", ex);
		}
	}

	/** A published dataset's directory. */
	public Path directory(DatasetId id) {
		return this.datasets.resolve(id.value());
	}

	/** A published dataset's file. */
	public Path file(DatasetId id) {
		return this.datasets.resolve(id.value()).resolve(DATA_FILE);
	}

	/** Publishes a work directory as the dataset's directory, in one rename. */
	public Path publish(Path workDirectory, DatasetId id) throws IOException {
		Path target = this.datasets.resolve(id.value());
		try {
			return Files.move(workDirectory, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("the datasets directory must be on one file system", ex);
		}
	}

	/** Deletes a dataset's files. */
	public void delete(DatasetId id) {
		delete(this.datasets.resolve(id.value()));
	}

	/** Deletes a directory tree, logging rather than failing. */
	public void delete(Path directory) {
		FileTrees.deleteQuietly(directory);
	}

	/** Whether a received file is a zip: its name says so, or its first bytes. */
	public static boolean zip(Path file, String filename) throws IOException {
		if (filename.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
			return true;
		}
		byte[] start = new byte[4];
		try (var in = Files.newInputStream(file)) {
			if (in.readNBytes(start, 0, 4) < 4) {
				return false;
			}
		}
		return start[0] == 'P' && start[1] == 'K'
				&& ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));
	}

	/** The SHA-256 of a file, hex. */
	public static String sha256(Path file) throws IOException {
		try (var in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java has SHA-256", ex);
		}
	}

	/** Removes work directories older than {@code age}: uploads a crash left behind. */
	public int deleteStaleWork(Duration age, Instant now) {
		return FileTrees.deleteOlderThan(this.incoming, now.minus(age), (entry) -> false);
	}

}
