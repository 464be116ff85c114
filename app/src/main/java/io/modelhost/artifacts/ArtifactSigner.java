package io.modelhost.artifacts;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

import io.modelhost.artifacts.internal.SigningKeyStore;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Signs and checks with the server's Ed25519 key (made on first use, shared by every
 * replica through the database).
 */
@Service
public class ArtifactSigner {

	/** The signature algorithm, as manifests and the API name it. */
	public static final String ALGORITHM = "Ed25519";

	private final SigningKeyStore store;

	private volatile @Nullable KeyPair keys;

	ArtifactSigner(SigningKeyStore store) {
		this.store = store;
	}

	/** The public half: what anyone needs to check a bundle. */
	public PublicKey publicKey() {
		byte[] encoded = keys().getPublic().getEncoded();
		return new PublicKey(ALGORITHM, SigningKeyStore.keyId(encoded), encoded);
	}

	/** Signs the bytes. */
	public byte[] sign(byte[] data) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(keys().getPrivate());
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("signing failed", ex);
		}
	}

	/** Whether the signature is this server's over the bytes. */
	public boolean verify(byte[] data, byte[] signed) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initVerify(keys().getPublic());
			signature.update(data);
			return signature.verify(signed);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	private KeyPair keys() {
		KeyPair current = this.keys;
		if (current == null) {
			current = this.store.loadOrCreate();
			this.keys = current;
		}
		return current;
	}

	/**
	 * The server's public key.
	 *
	 * @param algorithm {@value #ALGORITHM}
	 * @param keyId the first 16 hex digits of the key's SHA-256, as manifests name it
	 * @param encoded the key as X.509 SubjectPublicKeyInfo DER
	 */
	public record PublicKey(String algorithm, String keyId, byte[] encoded) {

	}

}
