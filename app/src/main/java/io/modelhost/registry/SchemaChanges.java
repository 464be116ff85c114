package io.modelhost.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.protocol.ImageInput;
import org.jspecify.annotations.Nullable;

/**
 * What a client of one version would notice if another version answered in its place: an
 * input it sends that is no longer taken or taken differently, an input it does not send
 * that is now required, an answer it reads that changed meaning. Widening (a new feature
 * that may be missing, a fixed dimension that becomes free, a category added) is not a
 * difference.
 */
public final class SchemaChanges {

	private SchemaChanges() {
	}

	/**
	 * The differences a client of {@code served} would notice if {@code candidate}
	 * answered instead; empty when it may replace it.
	 */
	public static List<String> between(ModelVersion served, ModelVersion candidate) {
		var differences = new ArrayList<String>();
		switch (served.signature()) {
			case TabularSignature before when candidate.signature() instanceof TabularSignature after ->
				tabular(before, after, differences);
			case TensorSignature before when candidate.signature() instanceof TensorSignature after ->
				tensors(before, after, differences);
			default -> differences
				.add("inputs change from " + kind(served.signature()) + " to " + kind(candidate.signature()));
		}
		pictures(served.imageInput(), candidate.imageInput(), differences);
		return differences;
	}

	private static String kind(ModelSignature signature) {
		return (signature instanceof TabularSignature) ? "named features" : "tensors";
	}

	private static void tabular(TabularSignature before, TabularSignature after, List<String> differences) {
		Map<String, Feature> now = byName(after.features());
		var kept = new ArrayList<String>();
		for (Feature old : before.features()) {
			Feature feature = now.get(old.name());
			if (feature == null) {
				differences.add("feature '" + old.name() + "' is removed");
				continue;
			}
			kept.add(old.name());
			if (!sameValues(old.type(), feature.type())) {
				differences.add("feature '" + old.name() + "' changes type from " + name(old.type()) + " to "
						+ name(feature.type()));
			}
			if (!feature.categories().isEmpty()) {
				var dropped = new ArrayList<>(old.categories());
				dropped.removeAll(feature.categories());
				if (old.categories().isEmpty()) {
					differences.add("feature '" + old.name() + "' takes only the categories " + feature.categories());
				}
				else if (!dropped.isEmpty()) {
					differences.add("feature '" + old.name() + "' no longer takes " + dropped);
				}
			}
			if (old.acceptsMissing() && !feature.acceptsMissing()) {
				differences.add("feature '" + old.name() + "' no longer accepts a missing value");
			}
		}
		Map<String, Feature> was = byName(before.features());
		for (Feature feature : after.features()) {
			if (!was.containsKey(feature.name()) && !feature.acceptsMissing()) {
				differences.add("feature '" + feature.name() + "' is new and required");
			}
		}
		// rows given as arrays are read in the features' order
		List<String> order = after.features().stream().map(Feature::name).filter(kept::contains).toList();
		if (!order.equals(kept)) {
			differences.add("the features' order changes (rows given as arrays would be read wrongly): " + kept
					+ " becomes " + order);
		}
		else if (after.features().size() != before.features().size()) {
			differences.add("the number of features changes from " + before.features().size() + " to "
					+ after.features().size() + " (rows given as arrays no longer fit)");
		}
		TabularSignature.Target oldTarget = before.target();
		TabularSignature.Target newTarget = after.target();
		if (oldTarget.task() != newTarget.task()) {
			differences.add("the task changes from " + name(oldTarget.task()) + " to " + name(newTarget.task()));
		}
		else if (!oldTarget.classes().equals(newTarget.classes())) {
			differences.add("the classes change from " + oldTarget.classes() + " to " + newTarget.classes());
		}
	}

	private static void tensors(TensorSignature before, TensorSignature after, List<String> differences) {
		Map<String, TensorSpec> inputs = byTensorName(after.inputs());
		for (TensorSpec old : before.inputs()) {
			TensorSpec input = inputs.get(old.name());
			if (input == null) {
				differences.add("input '" + old.name() + "' is removed");
			}
			else {
				compare("input", old, input, differences, true);
			}
		}
		Map<String, TensorSpec> oldInputs = byTensorName(before.inputs());
		for (TensorSpec input : after.inputs()) {
			if (!oldInputs.containsKey(input.name())) {
				differences.add("input '" + input.name() + "' is new and required");
			}
		}
		Map<String, TensorSpec> outputs = byTensorName(after.outputs());
		for (TensorSpec old : before.outputs()) {
			TensorSpec output = outputs.get(old.name());
			if (output == null) {
				differences.add("output '" + old.name() + "' is removed");
			}
			else {
				compare("output", old, output, differences, false);
			}
		}
	}

	/**
	 * An input may free a fixed dimension (it still takes what clients send); an output
	 * must keep its shape, as clients read it.
	 */
	private static void compare(String what, TensorSpec old, TensorSpec now, List<String> differences,
			boolean mayWiden) {
		if (old.type() != now.type()) {
			differences.add(what + " '" + old.name() + "' changes type from " + old.type() + " to " + now.type());
		}
		boolean fits = old.shape().size() == now.shape().size();
		for (int i = 0; fits && i < old.shape().size(); i++) {
			long was = old.shape().get(i);
			long is = now.shape().get(i);
			fits = was == is || (mayWiden && is == -1);
		}
		if (!fits) {
			differences.add(what + " '" + old.name() + "' changes shape from " + old.shape() + " to " + now.shape());
		}
	}

	private static void pictures(@Nullable ImageInput before, @Nullable ImageInput after, List<String> differences) {
		if (before == null) {
			return;
		}
		if (after == null) {
			differences.add("it no longer takes pictures");
		}
		else if (!before.labels().equals(after.labels())) {
			differences.add("the picture labels change from " + before.labels() + " to " + after.labels());
		}
	}

	/** Clients send JSON numbers for every numeric type but integers. */
	private static boolean sameValues(FeatureType before, FeatureType after) {
		return before == after || (isDecimal(before) && isDecimal(after));
	}

	private static boolean isDecimal(FeatureType type) {
		return type == FeatureType.DOUBLE || type == FeatureType.FLOAT;
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private static Map<String, Feature> byName(List<Feature> features) {
		var map = new HashMap<String, Feature>();
		features.forEach((feature) -> map.put(feature.name(), feature));
		return map;
	}

	private static Map<String, TensorSpec> byTensorName(List<TensorSpec> specs) {
		var map = new HashMap<String, TensorSpec>();
		specs.forEach((spec) -> map.put(spec.name(), spec));
		return map;
	}

}
