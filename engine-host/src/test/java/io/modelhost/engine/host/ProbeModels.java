package io.modelhost.engine.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;

/** Admits {@link ProbeEngine} models and asks them to try things. */
final class ProbeModels {

	private ProbeModels() {
	}

	static LoadedModel admit(IsolatedEngine engine, Path work) {
		try {
			Files.createDirectories(work);
			Path upload = work.resolve("original");
			Files.writeString(upload, "probe\n");
			return engine.admit(upload, TestWorkers.claim(engine, upload), work, new AdmissionLimits(1024, 1)).model();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the model answered when it tried the action. */
	static String attempt(LoadedModel model, String action) {
		Prediction prediction = model.predict(new ModelInput.Rows(List.<Object[]>of(new Object[] { action })));
		return String.valueOf(((Prediction.Values) prediction).values().getFirst());
	}

}
