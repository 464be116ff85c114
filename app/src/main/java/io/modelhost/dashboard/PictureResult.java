package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the picture form on an image model's page shows after a call: the status the API
 * would have answered, and the most likely classes, or what went wrong.
 *
 * @param console the call as the test console shows it
 * @param top the most likely classes, best first; empty unless it succeeded
 */
record PictureResult(ConsoleResult console, List<TopClass> top) {

	/** How many classes the page lists. */
	static final int TOP = 5;

	static PictureResult none() {
		return new PictureResult(ConsoleResult.none(), List.of());
	}

	/** The best classes of the first picture of a response. */
	static PictureResult of(ConsoleResult console, @Nullable JsonNode response) {
		if (response == null || !console.ok()) {
			return new PictureResult(console, List.of());
		}
		JsonNode classes = response.get("classes");
		JsonNode probabilities = response.get("probabilities").get(0);
		var top = new ArrayList<TopClass>();
		for (int i = 0; i < classes.size(); i++) {
			double p = probabilities.get(i).asDouble();
			top.add(new TopClass(classes.get(i).asString(), p, String.format(Locale.ROOT, "%.1f %%", 100 * p)));
		}
		top.sort(Comparator.comparingDouble(TopClass::probability).reversed());
		return new PictureResult(console, List.copyOf(top.subList(0, Math.min(TOP, top.size()))));
	}

	/**
	 * One class and how likely the picture shows it.
	 *
	 * @param label the class's name
	 * @param probability 0..1
	 * @param percent the same for reading
	 */
	record TopClass(String label, double probability, String percent) {

	}

}
