package io.modelhost.artifacts.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.artifacts.ArtifactExports;
import io.modelhost.artifacts.ArtifactExports.Export;
import io.modelhost.artifacts.ArtifactExports.Verification;
import io.modelhost.artifacts.ArtifactSigner;
import io.modelhost.artifacts.ExportFormat;
import io.modelhost.artifacts.FileChecks;
import io.modelhost.artifacts.InvalidBundleException;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelVersion;
import io.modelhost.registry.RegistryProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@Tag(name = "Artifacts", description = "Signed exports of model versions, and their verification")
class ArtifactController {

	private final ArtifactExports exports;

	private final ArtifactSigner signer;

	private final RegistryProperties registry;

	private final FileChecks checks;

	ArtifactController(ArtifactExports exports, ArtifactSigner signer, RegistryProperties registry, FileChecks checks) {
		this.checks = checks;
		this.exports = exports;
		this.signer = signer;
		this.registry = registry;
	}

	@GetMapping("/api/v1/models/{id}/versions/{version}/export")
	@Operation(summary = "Export a version as a signed bundle",
			description = "A zip of the model file, manifest.json (format, file, sha256, size_bytes, schema, "
					+ "created_at, exported_at, source: server, model, version, uploaded file and digest, engine; "
					+ "signature: algorithm and key_id) and manifest.sig (the server's Ed25519 signature of "
					+ "manifest.json's bytes, base64; the public key is at /api/v1/signing-key). format: original "
					+ "(the upload, byte for byte), pmml (what a scikit-learn pickle is served from, or a PMML "
					+ "upload), onnx (an ONNX upload or a model trained here from pictures); a format the version "
					+ "has no faithful file in answers 409 export-not-available saying why. The stored file is "
					+ "checked against the digest recorded when it was stored first (503 model-file-damaged). "
					+ "Needs the view permission.")
	ResponseEntity<StreamingResponseBody> export(Caller caller, @PathVariable String id, @PathVariable String version,
			@Parameter(description = "original (default), pmml or onnx") @RequestParam(
					defaultValue = "original") String format) {
		Export export = this.exports.prepare(caller.userId(), ModelId.parse(id), ModelVersion.parseNumber(version),
				ExportFormat.parse(format));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(export.bundleName()).build().toString())
			.body((out) -> this.exports.write(export, out));
	}

	@PostMapping("/api/v1/models/{id}/verify")
	@Operation(summary = "Check a model's stored files",
			description = "Re-reads every live version's stored files (the upload, and the PMML a pickle was "
					+ "converted to) and checks each against the SHA-256 recorded when it was stored. A file that "
					+ "fails is handled as a load that finds it damaged: the version is marked failed (503 "
					+ "model-file-damaged from then on), and the owner is told (audit log, alert, webhooks). The "
					+ "same check runs for every model every modelhost.artifacts.verify-interval. Needs the edit "
					+ "permission.")
	FileChecks.ModelCheck verifyModel(Caller caller, @PathVariable String id) {
		return this.checks.check(caller.userId(), ModelId.parse(id));
	}

	@GetMapping("/api/v1/signing-key")
	@Operation(summary = "The server's public signing key",
			description = "The Ed25519 key that signs exported bundles' manifests, as base64 X.509 "
					+ "SubjectPublicKeyInfo DER and as PEM, with its key_id (what manifests name). Anyone may "
					+ "read it.")
	SigningKeyResponse signingKey() {
		ArtifactSigner.PublicKey key = this.signer.publicKey();
		String base64 = Base64.getEncoder().encodeToString(key.encoded());
		return new SigningKeyResponse(key.algorithm(), key.keyId(), base64,
				"-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
	}

	@PostMapping(path = "/api/v1/artifacts/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Check an exported bundle",
			description = "Checks the manifest's signature with this server's key and the model file against the "
					+ "manifest's sha256 and size. 200 with valid true or false and the problems found (a changed "
					+ "byte anywhere makes it false); 400 invalid-bundle for what is not a bundle. Anyone may "
					+ "call it.")
	VerificationResponse verify(@Parameter(description = "The bundle (zip) as exported") @RequestPart(name = "bundle",
			required = false) MultipartFile bundle) throws IOException {
		if (bundle == null || bundle.isEmpty()) {
			throw new InvalidBundleException("send the bundle (the exported zip) as the multipart part 'bundle'");
		}
		try (InputStream in = bundle.getInputStream()) {
			Verification verification = this.exports.verify(in, this.registry.maxUploadSize().toBytes());
			return new VerificationResponse(verification.valid(), verification.signatureValid(),
					verification.digestValid(), verification.keyId(), verification.sha256(), verification.manifest(),
					verification.problems());
		}
	}

	record SigningKeyResponse(@Schema(description = "Ed25519") String algorithm,
			@Schema(description = "The first 16 hex digits of the key's SHA-256") String keyId,
			@Schema(description = "base64 X.509 SubjectPublicKeyInfo DER") String publicKey, String publicKeyPem) {

	}

	record VerificationResponse(boolean valid, boolean signatureValid, boolean digestValid, String keyId,
			@Schema(description = "The model file's SHA-256 as read") String sha256, JsonNode manifest,
			List<String> problems) {

	}

}
