package io.modelhost.accounts.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.modelhost.ModelhostProperties;
import io.modelhost.accounts.AccountsProperties;

import org.springframework.stereotype.Component;

/**
 * The HMAC key that signs access tokens: configured, or generated once and kept
 * (owner-only readable) in the data directory so that tokens survive a restart.
 */
@Component
public class SigningKey {

	private final SecretKey key;

	public SigningKey(AccountsProperties properties, ModelhostProperties modelhost) {
		byte[] bytes = (properties.jwtSecret() != null)
				? properties.jwtSecret().value().getBytes(StandardCharsets.UTF_8)
				: stored(modelhost.dataDir().resolve("secrets").resolve("jwt-signing.key"));
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
	}

	public SecretKey key() {
		return this.key;
	}

	private static byte[] stored(Path file) {
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
				Files.writeString(temporary, Secrets.random(48));
				restrict(temporary);
				Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
			return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the token signing key", ex);
		}
	}

	private static void restrict(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
		}
	}

}
