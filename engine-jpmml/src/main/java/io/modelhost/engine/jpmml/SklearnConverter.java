package io.modelhost.engine.jpmml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import org.dmg.pmml.Extension;
import org.dmg.pmml.Header;
import org.dmg.pmml.PMML;
import org.jpmml.python.InputStreamStorage;
import org.jpmml.python.PickleUtil;
import org.jpmml.python.Storage;
import org.jpmml.sklearn.EncodableUtil;
import org.jpmml.sklearn.SkLearnUtil;
import org.jspecify.annotations.Nullable;
import sklearn.Step;

/**
 * Converts a scanned scikit-learn pickle to PMML with JPMML-SkLearn. The pickle is read
 * by a Java re-implementation of the pickle machine that maps known Python classes to
 * inert Java objects: nothing in it is executed.
 */
final class SklearnConverter {

	/**
	 * The unpickler registers array constructors in a static map on every call; one
	 * unpickling at a time keeps them from crossing.
	 */
	private static final ReentrantLock LOCK = new ReentrantLock();

	private SklearnConverter() {
	}

	/**
	 * Converts the (decompressed, already scanned) pickle and writes PMML to
	 * {@code target}.
	 */
	static void convert(Path pickle, Path target) throws IOException {
		Object object = unpickle(pickle);
		List<String> features = featureNames(object);
		PMML pmml;
		try {
			pmml = EncodableUtil.toEncodable(object).encodePMML();
		}
		catch (RuntimeException ex) {
			throw ModelRejectedException.unsupported(Phase.CONVERT,
					"the scikit-learn model cannot be converted to PMML: " + SafeText.describe(ex), HINT);
		}
		recordFeatures(pmml, features);
		PmmlDocuments.write(pmml, target);
	}

	/**
	 * Reads the pickle into inert Java objects, one pickle at a time (the lock is held
	 * for reading only: encoding the result as PMML runs side by side with other
	 * uploads).
	 */
	private static @Nullable Object unpickle(Path pickle) {
		LOCK.lock();
		try {
			SkLearnUtil.initOnce();
			try (Storage storage = new InputStreamStorage(new BufferedInputStream(Files.newInputStream(pickle)))) {
				return PickleUtil.unpickle(storage);
			}
			catch (IOException | RuntimeException ex) {
				throw ModelRejectedException.invalid(Phase.CONVERT,
						"the pickle cannot be read as a scikit-learn model: " + SafeText.describe(ex), HINT, ex);
			}
		}
		finally {
			LOCK.unlock();
		}
	}

	private static final String HINT = "Upload a fitted scikit-learn estimator or Pipeline saved with joblib.dump or "
			+ "pickle.dump. Custom classes and functions cannot be served; export such models to ONNX instead.";

	private static List<String> featureNames(@Nullable Object object) {
		if (object instanceof Step step) {
			try {
				return EncodableUtil.getOrGenerateFeatureNames(step);
			}
			catch (RuntimeException ex) {
				// not fitted, or no n_features_in_: fall back to the PMML's own fields
			}
		}
		return List.of();
	}

	private static void recordFeatures(PMML pmml, List<String> features) {
		if (features.isEmpty()) {
			return;
		}
		Header header = pmml.getHeader();
		if (header == null) {
			header = new Header();
			pmml.setHeader(header);
		}
		for (String feature : features) {
			header.addExtensions(new Extension().setName(PmmlModel.FEATURE_EXTENSION).setValue(feature));
		}
	}

}
