package io.modelhost.engine.jpmml;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;

/**
 * Admits scikit-learn pickles and joblib files (plain, zlib, gzip, lzma or xz) and PMML
 * documents. A pickle is scanned against an allow-list of imports, then converted to PMML
 * in the JVM; it is never executed. Every model is served from PMML by jpmml-evaluator.
 */
public final class JpmmlEngine implements ModelEngine {

	/** scikit-learn estimators and pipelines saved with pickle or joblib. */
	public static final ModelFormat SKLEARN = new ModelFormat("sklearn", "scikit-learn pickle/joblib");

	/** PMML 4.x documents. */
	public static final ModelFormat PMML = new ModelFormat("pmml", "PMML");

	/** The root element of a PMML document, after an optional prolog and comments. */
	private static final Pattern PMML_ROOT = Pattern.compile(
			"^\\uFEFF?\\s*(<\\?xml[^>]*\\?>\\s*)?(<!--.*?-->\\s*)*(<!DOCTYPE[^\\[>]*(\\[.*?\\])?\\s*>\\s*)?(<!--.*?-->\\s*)*<([\\w.-]+:)?PMML[\\s>]",
			Pattern.DOTALL);

	static final String PICKLE_FILE = "pickle.bin";

	static final String PMML_FILE = "model.pmml";

	private final PickleAllowList allowList;

	public JpmmlEngine() {
		this.allowList = PickleAllowList.forScikitLearn();
	}

	@Override
	public String id() {
		return "jpmml";
	}

	@Override
	public List<ModelFormat> formats() {
		return List.of(SKLEARN, PMML);
	}

	/** PMML models are Java objects only. */
	@Override
	public boolean holdsNativeMemory() {
		return false;
	}

	@Override
	public Optional<FormatClaim> detect(ArtifactSample sample) {
		byte[] head = sample.head();
		if (head.length == 0) {
			return Optional.empty();
		}
		if (PMML_ROOT.matcher(new String(head, StandardCharsets.UTF_8)).find()) {
			return Optional.of(new FormatClaim(PMML, 95, "PMML document"));
		}
		Compression compression = Compression.of(head);
		byte[] pickleHead = (compression == Compression.NONE) ? head : decodeHead(compression, head);
		int protocol = pickleProtocol(pickleHead);
		if (protocol < 0) {
			return Optional.empty();
		}
		String container = (compression == Compression.NONE) ? "pickle" : "joblib file, " + compression.description();
		String detail = container + ((protocol > 0) ? ", protocol " + protocol : ", text protocol");
		return Optional.of(new FormatClaim(SKLEARN, (protocol > 0) ? 95 : 40, detail));
	}

	/**
	 * The pickle protocol the bytes start with, 0 for a plausible text-protocol pickle,
	 * -1 if none.
	 */
	private int pickleProtocol(byte[] head) {
		if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
			return head[1];
		}
		// protocols 0 and 1 have no magic number: accept what parses as pickle opcodes
		var probe = new PickleScanner((name) -> true, new ByteArrayInputStream(head));
		try {
			probe.scan();
			return 0;
		}
		catch (EOFException ex) {
			return (head.length >= 8) ? 0 : -1;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static byte[] decodeHead(Compression compression, byte[] head) {
		try (InputStream in = compression.decode(new ByteArrayInputStream(head))) {
			return in.readNBytes(256);
		}
		catch (IOException | RuntimeException ex) {
			return new byte[0];
		}
	}

	@Override
	public AdmittedModel admit(Path upload, FormatClaim claim, Path workDirectory, AdmissionLimits limits) {
		if (claim.format().equals(PMML)) {
			PmmlModel model = PmmlDocuments.load(upload, Phase.VALIDATE);
			return new AdmittedModel(PMML, upload.getFileName().toString(), model, List.of("PMML document"));
		}
		var notes = new ArrayList<String>();
		notes.add(claim.detail());
		Path pickle = decompress(upload, workDirectory, limits);
		try {
			PickleScanner.ScanReport report = scan(pickle, limits);
			notes.add("scanned " + report.imports().size() + " imports against the allow-list; none refused");
			Path pmml = workDirectory.resolve(PMML_FILE);
			SklearnConverter.convert(pickle, pmml);
			notes.add("converted to PMML");
			return new AdmittedModel(SKLEARN, PMML_FILE, PmmlDocuments.load(pmml, Phase.CONVERT), notes);
		}
		catch (IOException ex) {
			throw ModelRejectedException.invalid(Phase.CONVERT, "the converted model cannot be written", null, ex);
		}
		finally {
			if (!pickle.equals(upload)) {
				deleteQuietly(pickle);
			}
		}
	}

	/** The pickle itself: the upload, or its decompressed copy within the limits. */
	private static Path decompress(Path upload, Path workDirectory, AdmissionLimits limits) {
		Compression compression;
		try (InputStream in = Files.newInputStream(upload)) {
			compression = Compression.of(in.readNBytes(16));
		}
		catch (IOException ex) {
			throw ModelRejectedException.invalid(Phase.SCAN, "the file cannot be read", null, ex);
		}
		if (compression == Compression.NONE) {
			return upload;
		}
		Path pickle = workDirectory.resolve(PICKLE_FILE);
		try (InputStream in = new BoundedInputStream(
				compression.decode(new BufferedInputStream(Files.newInputStream(upload))), limits.maxExpandedBytes());
				OutputStream out = Files.newOutputStream(pickle)) {
			in.transferTo(out);
			return pickle;
		}
		catch (BoundedInputStream.LimitExceededException ex) {
			deleteQuietly(pickle);
			throw ModelRejectedException.tooLarge(Phase.SCAN,
					"the file expands to more than " + ex.limit() + " bytes when decompressed");
		}
		catch (IOException ex) {
			deleteQuietly(pickle);
			throw ModelRejectedException.invalid(Phase.SCAN,
					"the file cannot be decompressed: " + SafeText.describe(ex), HINT, ex);
		}
	}

	private PickleScanner.ScanReport scan(Path pickle, AdmissionLimits limits) {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(pickle))) {
			return new PickleScanner(this.allowList::allows, in, limits.maxExpandedBytes()).scan();
		}
		catch (PickleTooLargeException ex) {
			throw ModelRejectedException.tooLarge(Phase.SCAN,
					"the pickle declares more memory than allowed: " + ex.getMessage() + "; it was not loaded");
		}
		catch (PickleRefusedException ex) {
			List<String> names = ex.names();
			throw ModelRejectedException.unsafe(
					"the pickle references " + String.join(", ", names) + ": " + ex.getMessage()
							+ ", so it could run code when loaded; it was not loaded",
					names, "Only scikit-learn estimators, pipelines and numpy arrays can be uploaded. Remove custom "
							+ "code (lambdas, custom classes) from the model, or export it to ONNX.");
		}
		catch (IOException ex) {
			throw ModelRejectedException.invalid(Phase.SCAN, "the file is not a valid pickle: " + SafeText.describe(ex),
					HINT, ex);
		}
	}

	private static final String HINT = "Save the model with joblib.dump(model, \"model.joblib\") or pickle.dump.";

	@Override
	public LoadedModel load(Path servedFile, ModelFormat format) {
		return PmmlDocuments.load(servedFile, Phase.LOAD);
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// the caller removes the whole work directory anyway
		}
	}

}
