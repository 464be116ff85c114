package io.modelhost.trainer.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.jpmml.JpmmlEngine;
import org.jspecify.annotations.Nullable;

/**
 * A trained model file admitted by engine-jpmml exactly as an upload would be.
 */
final class Served {

	private static final JpmmlEngine ENGINE = new JpmmlEngine();

	private Served() {
	}

	static LoadedModel admit(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		FormatClaim claim = ENGINE.detect(new ArtifactSample(file, Files.size(file), head)).orElseThrow();
		return ENGINE.admit(file, claim, file.getParent(), new AdmissionLimits(64L << 20, 100)).model();
	}

	/** The dataset's rows as an endpoint would pass them: every column but the target. */
	static Prediction.Values predict(LoadedModel model, Table table) {
		var rows = new ArrayList<@Nullable Object[]>();
		for (@Nullable
		Object[] row : table.rows()) {
			rows.add(inputs(row, table.targetIndex()));
		}
		return (Prediction.Values) model.predict(new ModelInput.Rows(rows));
	}

	static @Nullable Object[] inputs(@Nullable Object[] row, int target) {
		var inputs = new ArrayList<@Nullable Object>();
		for (int j = 0; j < row.length; j++) {
			if (j != target) {
				inputs.add((row[j] instanceof Long number) ? (Object) number.doubleValue() : row[j]);
			}
		}
		return inputs.toArray();
	}

	static List<String> labels(Prediction.Values values) {
		return values.values().stream().map(String::valueOf).toList();
	}

}
