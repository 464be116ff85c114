package io.modelhost.registry;

import java.util.List;

/**
 * Why a version cannot replace the one that was in production when it was uploaded:
 * clients written for that one would fail, or worse, get answers to another question.
 *
 * @param comparedWith the version that was in production when it was uploaded
 * @param differences each difference, in words (never empty)
 */
public record Incompatibility(int comparedWith, List<String> differences) {

	public Incompatibility {
		differences = List.copyOf(differences);
		if (differences.isEmpty()) {
			throw new IllegalArgumentException("an incompatibility has at least one difference");
		}
	}

}
