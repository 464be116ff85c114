package io.modelhost.registry.internal;

import java.io.IOException;
import java.io.InputStream;
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
import io.modelhost.registry.ModelId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.IdGenerator;

/**
 * Model files on local disk: {@code <data>/models/<model id>/<version>/}. Uploads are
 * received into a private work directory under {@code <data>/tmp/} on the same file
 * system, and published by renaming the whole directory at once, so a version's directory
 * is either complete or absent.
 */
@Component
public class FileSystemArtifactStore {

	private static final Logger log = LoggerFactory.getLogger(FileSystemArtifactStore.class);

	private final Path models;

	private final Path work;

	private final IdGenerator ids;

	public FileSystemArtifactStore(ModelhostProperties properties, IdGenerator ids) {
		this.models = properties.dataDir().resolve("models").toAbsolutePath().normalize();
		this.work = properties.dataDir().resolve("tmp").toAbsolutePath().normalize();
		this.ids = ids;
		try {
			Files.createDirectories(this.models);
			Files.createDirectories(this.work);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the data directories under " + properties.dataDir(), ex);
		}
	}

	/** A new, empty private directory to receive an upload in. */
	public Path newWorkDirectory() {
		try {
			return Files.createDirectory(this.work.resolve(this.ids.generateId().toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a work directory", ex);
		}
	}

	/** Where a version's files live once published. */
	public Path versionDirectory(ModelId model, int version) {
		return this.models.resolve(model.value()).resolve(Integer.toString(version));
	}

	/** Publishes a work directory as a version's directory, in one rename. */
	public Path publish(Path workDirectory, ModelId model, int version) throws IOException {
		Path target = versionDirectory(model, version);
		Files.createDirectories(target.getParent());
		try {
			Files.move(workDirectory, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("the data directory's tmp and models folders must be on one file system", ex);
		}
		return target;
	}

	/** Deletes a model's files, all versions. */
	public void deleteModel(ModelId model) {
		delete(this.models.resolve(model.value()));
	}

	/** Deletes a directory tree, logging rather than failing. */
	public void delete(Path directory) {
		FileTrees.deleteQuietly(directory);
	}

	/** Removes work directories older than {@code age}: uploads a crash left behind. */
	public int deleteStaleWork(Duration age, Instant now) {
		return FileTrees.deleteOlderThan(this.work, now.minus(age),
				(entry) -> entry.getFileName().toString().equals("multipart"));
	}

	/** The SHA-256 (hex) of a file. */
	public static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/** The temporary directory for multipart uploads in flight. */
	public Path multipartDirectory() {
		Path directory = this.work.resolve("multipart");
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + directory, ex);
		}
	}

}
