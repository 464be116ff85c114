package io.modelhost.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.modelhost.accounts.UserId;
import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelFiles;
import io.modelhost.registry.ModelFiles.StoredFile;
import io.modelhost.registry.ModelVersion;
import io.modelhost.web.PublicUrls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Exports a model version as a signed bundle, and checks bundles. A bundle is a zip of
 * three entries: the model file, {@code manifest.json} (its format, file name, SHA-256
 * and size, the version's schema, when it was made and where from, the signing key's id)
 * and {@code manifest.sig} (the server's Ed25519 signature of the manifest's exact bytes,
 * base64). The manifest's digest binds the file to the signature.
 */
@Service
public class ArtifactExports {

	/** The manifest's entry in a bundle. */
	public static final String MANIFEST = "manifest.json";

	/** The signature's entry in a bundle. */
	public static final String SIGNATURE = "manifest.sig";

	private final ModelRegistry registry;

	private final ModelFiles files;

	private final ArtifactSigner signer;

	private final JsonMapper json;

	private final PublicUrls urls;

	private final Clock clock;

	ArtifactExports(ModelRegistry registry, ModelFiles files, ArtifactSigner signer, JsonMapper json, PublicUrls urls,
			Clock clock) {
		this.files = files;
		this.registry = registry;
		this.signer = signer;
		this.json = json;
		this.urls = urls;
		this.clock = clock;
	}

	/**
	 * Prepares the export of a version the user may see: picks its file, checks it
	 * against the digest recorded when it was stored, and signs its manifest.
	 * @throws ExportNotAvailableException when the version has no faithful file in that
	 * format
	 * @throws DamagedFileException when the stored file no longer matches its digest
	 */
	public Export prepare(UserId user, ModelId id, int number, ExportFormat format) {
		ModelVersion version = this.registry.version(user, id, number);
		String uploaded = version.format().id();
		StoredFile file = switch (format) {
			case ORIGINAL -> this.files.uploaded(user, id, number);
			case PMML -> {
				if (!uploaded.equals("sklearn") && !uploaded.equals("pmml")) {
					throw new ExportNotAvailableException("a " + version.format().displayName()
							+ " model has no PMML form: PMML is what scikit-learn pickles are converted to (and PMML "
							+ "uploads are); export it as original" + (uploaded.equals("onnx") ? " or onnx" : ""));
				}
				yield this.files.served(user, id, number);
			}
			case ONNX -> {
				if (!uploaded.equals("onnx")) {
					throw new ExportNotAvailableException(onnxRefusal(version));
				}
				yield this.files.uploaded(user, id, number);
			}
		};
		String digest = sha256(file.path());
		if (file.sha256() != null && !file.sha256().equalsIgnoreCase(digest)) {
			throw new DamagedFileException(number);
		}
		String name = "model" + extension(format, uploaded, version.filename());
		ObjectNode manifest = this.json.createObjectNode();
		manifest.put("manifest_version", 1);
		manifest.put("format", (format == ExportFormat.ORIGINAL) ? uploaded : format.id());
		manifest.put("file", name);
		manifest.put("sha256", digest);
		manifest.put("size_bytes", size(file.path()));
		manifest.set("schema", SignatureDocument.toJson(version.signature()));
		manifest.put("created_at", version.createdAt().toString());
		manifest.put("exported_at", this.clock.instant().toString());
		ObjectNode source = manifest.putObject("source");
		source.put("server", this.urls.of("/"));
		source.put("model_id", id.value());
		source.put("model_name", file.model().name());
		source.put("version", number);
		source.put("uploaded_format", uploaded);
		source.put("uploaded_filename", version.filename());
		source.put("uploaded_sha256", version.sha256());
		source.put("engine", version.engine());
		ArtifactSigner.PublicKey key = this.signer.publicKey();
		ObjectNode signature = manifest.putObject("signature");
		signature.put("algorithm", key.algorithm());
		signature.put("key_id", key.keyId());
		byte[] manifestBytes = this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(manifest)
			.getBytes(StandardCharsets.UTF_8);
		byte[] signed = Base64.getEncoder().encode(this.signer.sign(manifestBytes));
		String bundle = file.model().name().replaceAll("[^A-Za-z0-9._-]+", "_") + "-v" + number + "-" + format.id()
				+ ".zip";
		return new Export(bundle, name, file.path(), manifestBytes, signed);
	}

	private static String onnxRefusal(ModelVersion version) {
		return switch (version.format().id()) {
			case "sklearn", "pmml" -> "no converter from scikit-learn or PMML to ONNX runs here that is known to "
					+ "reproduce the predictions within 1e-5; export it as pmml (what it is served from) or original";
			default -> "a " + version.format().displayName() + " model has no faithful ONNX conversion here; "
					+ "export it as original";
		};
	}

	private static String extension(ExportFormat format, String uploaded, String filename) {
		return switch (format) {
			case PMML -> ".pmml";
			case ONNX -> ".onnx";
			case ORIGINAL -> switch (uploaded) {
				case "onnx" -> ".onnx";
				case "pmml" -> ".pmml";
				case "keras-h5" -> ".h5";
				case "keras-v3" -> ".keras";
				case "torchscript" -> ".pt";
				default -> filename.endsWith(".pkl") ? ".pkl" : ".joblib";
			};
		};
	}

	/** Writes the bundle. */
	public void write(Export export, OutputStream out) throws IOException {
		var zip = new ZipOutputStream(out);
		zip.putNextEntry(new ZipEntry(MANIFEST));
		zip.write(export.manifest());
		zip.closeEntry();
		zip.putNextEntry(new ZipEntry(SIGNATURE));
		zip.write(export.signature());
		zip.closeEntry();
		zip.putNextEntry(new ZipEntry(export.entry()));
		Files.copy(export.file(), zip);
		zip.closeEntry();
		zip.finish();
	}

	/**
	 * Checks a bundle: the manifest's signature with this server's key, and the model
	 * file's digest and size against the manifest. Reads at most {@code limit} bytes of
	 * any entry.
	 * @throws InvalidBundleException when it is not a zip with a manifest, a signature
	 * and the file the manifest names
	 */
	public Verification verify(InputStream bundle, long limit) {
		Map<String, byte[]> small = new HashMap<>();
		Map<String, Digest> digests = new HashMap<>();
		try (var zip = new ZipInputStream(bundle)) {
			ZipEntry entry;
			int entries = 0;
			while ((entry = zip.getNextEntry()) != null) {
				if (++entries > 16) {
					throw new InvalidBundleException("a bundle holds three files; this zip holds more than 16");
				}
				String name = entry.getName();
				if (name.equals(MANIFEST) || name.equals(SIGNATURE)) {
					byte[] bytes = zip.readNBytes(64 * 1024 + 1);
					if (bytes.length > 64 * 1024) {
						throw new InvalidBundleException(name + " is larger than 64 KB");
					}
					small.put(name, bytes);
				}
				else {
					digests.put(name, digest(zip, limit, name));
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			throw new InvalidBundleException("the bundle is not a readable zip: " + ex.getMessage());
		}
		byte[] manifestBytes = small.get(MANIFEST);
		byte[] signature = small.get(SIGNATURE);
		if (manifestBytes == null || signature == null) {
			throw new InvalidBundleException("a bundle holds " + MANIFEST + " and " + SIGNATURE
					+ " beside the model file; this one lacks " + ((manifestBytes == null) ? MANIFEST : SIGNATURE));
		}
		JsonNode manifest;
		try {
			manifest = this.json.readTree(manifestBytes);
		}
		catch (RuntimeException ex) {
			throw new InvalidBundleException(MANIFEST + " is not JSON");
		}
		String fileName = manifest.path("file").asString("");
		Digest file = digests.get(fileName);
		if (file == null) {
			throw new InvalidBundleException(
					"the manifest names the file '" + fileName + "', which the bundle does not hold");
		}
		var problems = new ArrayList<String>();
		ArtifactSigner.PublicKey key = this.signer.publicKey();
		String keyId = manifest.path("signature").path("key_id").asString("");
		boolean signatureValid = false;
		if (!key.keyId().equals(keyId)) {
			problems.add("the manifest was signed with key '" + keyId + "', not this server's '" + key.keyId() + "'");
		}
		else {
			byte[] decoded = null;
			try {
				decoded = Base64.getDecoder().decode(new String(signature, StandardCharsets.US_ASCII).trim());
			}
			catch (IllegalArgumentException ex) {
				problems.add(SIGNATURE + " is not base64");
			}
			signatureValid = decoded != null && this.signer.verify(manifestBytes, decoded);
			if (decoded != null && !signatureValid) {
				problems.add("the signature does not match the manifest: the manifest was changed or signed elsewhere");
			}
		}
		boolean digestValid = file.sha256().equalsIgnoreCase(manifest.path("sha256").asString(""))
				&& file.size() == manifest.path("size_bytes").asLong(-1);
		if (!digestValid) {
			problems.add("the file '" + fileName + "' does not match the manifest's digest and size: it was changed");
		}
		return new Verification(signatureValid && digestValid, signatureValid, digestValid, keyId, file.sha256(),
				manifest, List.copyOf(problems));
	}

	private static Digest digest(InputStream in, long limit, String name) throws IOException {
		MessageDigest sha = sha256();
		byte[] buffer = new byte[64 * 1024];
		long size = 0;
		int read;
		while ((read = in.read(buffer)) > 0) {
			size += read;
			if (size > limit) {
				throw new InvalidBundleException(
						"'" + name + "' is larger than the upload limit (" + limit + " bytes)");
			}
			sha.update(buffer, 0, read);
		}
		return new Digest(HexFormat.of().formatHex(sha.digest()), size);
	}

	private static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return digest(in, Long.MAX_VALUE, file.getFileName().toString()).sha256();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Digest(String sha256, long size) {

	}

	/**
	 * A prepared export.
	 *
	 * @param bundleName the zip's file name for a download
	 * @param entry the model file's name in the zip
	 * @param file where the model file is
	 * @param manifest the manifest's bytes, as signed
	 * @param signature the signature, base64
	 */
	public record Export(String bundleName, String entry, Path file, byte[] manifest, byte[] signature) {

	}

	/**
	 * What a bundle check found.
	 *
	 * @param valid whether both the signature and the digest hold
	 * @param signatureValid whether the manifest is signed by this server's key,
	 * unchanged
	 * @param digestValid whether the model file matches the manifest's digest and size
	 * @param keyId the key the manifest names
	 * @param sha256 the model file's digest as read
	 * @param manifest the manifest as sent
	 * @param problems what is wrong, in plain words; empty when valid
	 */
	public record Verification(boolean valid, boolean signatureValid, boolean digestValid, String keyId, String sha256,
			JsonNode manifest, List<String> problems) {

	}

}
