package io.modelhost.engine.jpmml;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import jakarta.xml.bind.JAXBException;
import org.dmg.pmml.PMML;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.model.JAXBSerializer;

/**
 * Reads and writes PMML XML. Reading refuses DOCTYPE declarations (and so external
 * entities and entity expansion): jpmml-model's parser disallows them.
 */
final class PmmlDocuments {

	private PmmlDocuments() {
	}

	/** Loads a PMML file into a model ready to score. */
	static PmmlModel load(Path file, Phase phase) {
		return load(file, phase, true);
	}

	/**
	 * Loads a PMML file, with tree ensembles compiled or not (to compare the two).
	 */
	static PmmlModel load(Path file, Phase phase, boolean compileTrees) {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			LoadingModelEvaluatorBuilder builder = new LoadingModelEvaluatorBuilder().load(in);
			Evaluator evaluator = builder.build();
			evaluator.verify();
			return new PmmlModel(builder.getPMML(), evaluator, compileTrees);
		}
		catch (ModelRejectedException ex) {
			throw ex;
		}
		catch (Exception | StackOverflowError ex) {
			String reason = SafeText.describe(ex);
			if (reason.contains("DOCTYPE")) {
				throw ModelRejectedException.unsafe(
						"the PMML document declares a DOCTYPE, which could read files or expand entities",
						java.util.List.of(), "Remove the DOCTYPE declaration; PMML does not need one.");
			}
			throw ModelRejectedException.invalid(phase, "the PMML document cannot be loaded: " + reason,
					"Check that the file is valid PMML 4.x XML.", ex);
		}
	}

	/** Writes a PMML document as XML. */
	static void write(PMML pmml, Path file) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			new JAXBSerializer().serialize(pmml, out);
		}
		catch (JAXBException ex) {
			throw new IOException("cannot write PMML", ex);
		}
	}

}
