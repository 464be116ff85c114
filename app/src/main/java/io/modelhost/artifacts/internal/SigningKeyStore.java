package io.modelhost.artifacts.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The server's one Ed25519 key pair in the {@code signing_key} table: read, or made and
 * stored by the first replica that needs it (a replica that loses the race reads the
 * winner's).
 */
@Repository
public class SigningKeyStore {

	private static final String CURRENT = "current";

	private final JdbcClient jdbc;

	private final Clock clock;

	SigningKeyStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The key pair, made now if there is none. */
	public KeyPair loadOrCreate() {
		Optional<KeyPair> stored = load();
		if (stored.isPresent()) {
			return stored.get();
		}
		KeyPair made = generate();
		try {
			this.jdbc
				.sql("INSERT INTO signing_key (id, key_id, public_key, private_key, created_at) "
						+ "VALUES (:id, :keyId, :public, :private, :at)")
				.param("id", CURRENT)
				.param("keyId", keyId(made.getPublic().getEncoded()))
				.param("public", Base64.getEncoder().encodeToString(made.getPublic().getEncoded()))
				.param("private", Base64.getEncoder().encodeToString(made.getPrivate().getEncoded()))
				.param("at", java.sql.Timestamp.from(this.clock.instant()))
				.update();
			return made;
		}
		catch (DuplicateKeyException ex) {
			return load().orElseThrow(() -> ex);
		}
	}

	private Optional<KeyPair> load() {
		return this.jdbc.sql("SELECT public_key, private_key FROM signing_key WHERE id = :id")
			.param("id", CURRENT)
			.query((rs, row) -> decode(rs.getString("public_key"), rs.getString("private_key")))
			.optional();
	}

	/** A key's id: the first 16 hex digits of its public key's SHA-256. */
	public static String keyId(byte[] publicKey) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(publicKey);
			return java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	private static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is missing from this JDK", ex);
		}
	}

	private static KeyPair decode(String publicKey, String privateKey) {
		try {
			KeyFactory keys = KeyFactory.getInstance("Ed25519");
			return new KeyPair(keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
					keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the stored signing key cannot be read", ex);
		}
	}

}
