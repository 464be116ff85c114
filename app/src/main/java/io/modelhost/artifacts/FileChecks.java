package io.modelhost.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.modelhost.accounts.UserId;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelFiles;
import io.modelhost.registry.ModelFiles.StoredFile;
import io.modelhost.runtime.ArtifactDamaged;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Re-reads a model's stored files and checks each against the SHA-256 recorded when it
 * was stored: on request for one model, and for every model on a schedule. A file that
 * fails is reported as a load would report it ({@link ArtifactDamaged}): the version is
 * marked failed, and its owner is told through the audit log, an alert and its webhooks.
 */
@Service
public class FileChecks {

	private static final Logger log = LoggerFactory.getLogger(FileChecks.class);

	private final ModelFiles files;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	FileChecks(ModelFiles files, ApplicationEventPublisher events, Clock clock) {
		this.files = files;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Checks every stored file of a model the user may edit.
	 * @throws ModelNotFoundException if the user cannot see it
	 * @throws io.modelhost.registry.NotPermittedException if they may not edit it
	 */
	public ModelCheck check(UserId user, ModelId id) {
		return check(id, this.files.all(user, id));
	}

	/**
	 * Checks every model's files; answers how many files failed.
	 */
	public int checkAll() {
		int damaged = 0;
		int models = 0;
		for (ModelId id : this.files.modelIds()) {
			try {
				ModelCheck check = check(id, this.files.all(id));
				damaged += (int) check.files().stream().filter((file) -> !file.ok()).count();
				models++;
			}
			catch (ModelNotFoundException ex) {
				// deleted meanwhile
			}
		}
		log.info("Checked the stored files of {} models: {} damaged", models, damaged);
		return damaged;
	}

	private ModelCheck check(ModelId id, List<StoredFile> files) {
		Instant at = this.clock.instant();
		var checked = new ArrayList<FileCheck>();
		for (StoredFile file : files) {
			String kind = file.upload() ? "upload" : "served";
			String actual = sha256(file);
			boolean ok = actual != null && (file.sha256() == null || file.sha256().equalsIgnoreCase(actual));
			checked.add(new FileCheck(file.version().number(), kind, file.sha256(), actual, ok));
			if (!ok && file.sha256() != null) {
				String reason = (actual == null) ? "the " + kind + " file cannot be read"
						: "its SHA-256 is " + actual + ", not " + file.sha256() + " as recorded";
				log.error("Model {} version {}: {} file damaged ({})", id.value(), file.version().number(), kind,
						reason);
				this.events.publishEvent(new ArtifactDamaged(file.version().id(), id.value(), file.version().number(),
						file.sha256(), actual, reason));
			}
		}
		return new ModelCheck(id.value(), at, checked.stream().allMatch(FileCheck::ok), List.copyOf(checked));
	}

	private static @Nullable String sha256(StoredFile file) {
		try (InputStream in = Files.newInputStream(file.path())) {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) > 0) {
				sha.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (IOException ex) {
			return null;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A model's check.
	 *
	 * @param modelId the model
	 * @param checkedAt when
	 * @param ok whether every file matched its digest
	 * @param files each version's files, newest version first
	 */
	public record ModelCheck(String modelId, Instant checkedAt, boolean ok, List<FileCheck> files) {

	}

	/**
	 * One file.
	 *
	 * @param version the version
	 * @param file {@code upload} (the file as uploaded) or {@code served} (what it was
	 * converted to and is served from)
	 * @param expectedSha256 the digest recorded when it was stored; null if none was
	 * (served files of versions stored before digests were recorded)
	 * @param actualSha256 its digest now; null if it cannot be read
	 * @param ok whether it can be read and matches
	 */
	public record FileCheck(int version, String file, @Nullable String expectedSha256, @Nullable String actualSha256,
			boolean ok) {

	}

}
