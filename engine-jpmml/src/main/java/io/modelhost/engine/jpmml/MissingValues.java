package io.modelhost.engine.jpmml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmg.pmml.Apply;
import org.dmg.pmml.CompoundPredicate;
import org.dmg.pmml.DerivedField;
import org.dmg.pmml.Expression;
import org.dmg.pmml.HasFieldReference;
import org.dmg.pmml.HasMapMissingTo;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningSchema;
import org.dmg.pmml.Model;
import org.dmg.pmml.PMML;
import org.dmg.pmml.PMMLFunctions;
import org.dmg.pmml.PMMLObject;
import org.dmg.pmml.Predicate;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.VisitorAction;
import org.dmg.pmml.tree.Node;
import org.dmg.pmml.tree.TreeModel;
import org.jpmml.model.visitors.AbstractVisitor;
import org.jspecify.annotations.Nullable;

/**
 * Which input fields of a PMML model take a missing value and still give a meaningful
 * answer.
 *
 * <p>
 * A field does when its mining field replaces a missing value
 * ({@code missingValueReplacement}), or when every place the model reads it handles a
 * missing value: an expression with {@code mapMissingTo}, an {@code isMissing} test, a
 * surrogate predicate, or a split of a tree whose {@code missingValueStrategy} decides (a
 * default child, as XGBoost and scikit-learn's histogram gradient boosting export; the
 * last prediction; weighted confidence; aggregated nodes). Missing values flow through
 * derived fields and arithmetic, so a derived field is followed to its own readers.
 * Anything else (a regression coefficient, a distance, a tree with no strategy, which
 * follows an arbitrary branch, or one that predicts null) does not: such a model answers
 * a missing value with a wrong or empty prediction, so it is refused before it runs.
 *
 * <p>
 * The analysis is conservative: a reference it does not recognise counts as not handling
 * a missing value. Stateless; call from any thread.
 */
final class MissingValues {

	private static final Set<TreeModel.MissingValueStrategy> DECIDING = Set.of(
			TreeModel.MissingValueStrategy.DEFAULT_CHILD, TreeModel.MissingValueStrategy.LAST_PREDICTION,
			TreeModel.MissingValueStrategy.WEIGHTED_CONFIDENCE, TreeModel.MissingValueStrategy.AGGREGATE_NODES);

	/** What one reference to a field does with a missing value. */
	private sealed interface Outcome {

		/** The reader gives a meaningful value. */
		record Handled() implements Outcome {
		}

		/** The reader fails, guesses, or answers null. */
		record Unhandled() implements Outcome {
		}

		/** The value stays missing in the derived field named. */
		record Flows(String derivedField) implements Outcome {
		}

	}

	private static final Outcome HANDLED = new Outcome.Handled();

	private static final Outcome UNHANDLED = new Outcome.Unhandled();

	private final Map<String, List<Outcome>> references;

	private final Map<String, Boolean> resolved = new HashMap<>();

	private MissingValues(Map<String, List<Outcome>> references) {
		this.references = references;
	}

	/**
	 * The input fields, among those named, that accept a missing value.
	 * @param pmml the model document
	 * @param inputs the model's input fields
	 * @param replaced the input fields whose mining field replaces a missing value
	 */
	static Set<String> accepted(PMML pmml, Set<String> inputs, Set<String> replaced) {
		var finder = new ReferenceFinder();
		finder.applyTo(pmml);
		var analysis = new MissingValues(finder.references);
		var accepted = new HashSet<String>();
		for (String input : inputs) {
			if (replaced.contains(input) || analysis.handles(input, new HashSet<>())) {
				accepted.add(input);
			}
		}
		return accepted;
	}

	private boolean handles(String field, Set<String> visiting) {
		Boolean known = this.resolved.get(field);
		if (known != null) {
			return known;
		}
		if (!visiting.add(field)) {
			return false; // a cycle: not a well-formed model, so no promise
		}
		boolean handled = true;
		for (Outcome outcome : this.references.getOrDefault(field, List.of())) {
			handled = switch (outcome) {
				case Outcome.Handled h -> true;
				case Outcome.Unhandled u -> false;
				case Outcome.Flows(String derived) -> handles(derived, visiting);
			};
			if (!handled) {
				break;
			}
		}
		this.resolved.put(field, handled);
		return handled;
	}

	/** Collects, for every field name read anywhere, what each reader does. */
	private static final class ReferenceFinder extends AbstractVisitor {

		final Map<String, List<Outcome>> references = new HashMap<>();

		@Override
		public VisitorAction visit(PMMLObject object) {
			if (object instanceof HasFieldReference<?> reference && !(object instanceof MiningField)
					&& reference.getField() != null) {
				this.references.computeIfAbsent(reference.getField(), (name) -> new ArrayList<>())
					.add(outcome(object, reference.getField()));
			}
			return VisitorAction.CONTINUE;
		}

		private Outcome outcome(PMMLObject reader, String field) {
			// parents, innermost first
			List<PMMLObject> parents = new ArrayList<>(getParents());
			for (PMMLObject parent : parents) {
				if (parent instanceof Model model && replaces(model.getMiningSchema(), field)) {
					return HANDLED;
				}
			}
			if (mapsMissing(reader)) {
				return HANDLED;
			}
			if (reader instanceof SimplePredicate predicate
					&& (predicate.getOperator() == SimplePredicate.Operator.IS_MISSING
							|| predicate.getOperator() == SimplePredicate.Operator.IS_NOT_MISSING)) {
				return HANDLED;
			}
			if (!(reader instanceof Expression) && !(reader instanceof Predicate)) {
				return UNHANDLED; // a coefficient, a distance, a kernel…
			}
			PMMLObject child = reader;
			for (int i = 0; i < parents.size(); i++) {
				PMMLObject parent = parents.get(i);
				if (child instanceof Expression) {
					if (parent instanceof Apply apply) {
						if (apply.getMapMissingTo() != null || PMMLFunctions.ISMISSING.equals(apply.requireFunction())
								|| PMMLFunctions.ISNOTMISSING.equals(apply.requireFunction())) {
							return HANDLED;
						}
						child = parent; // a missing argument makes a missing result
						continue;
					}
					if (parent instanceof DerivedField derived) {
						return new Outcome.Flows(derived.requireName());
					}
					return UNHANDLED;
				}
				// child is a predicate
				if (parent instanceof CompoundPredicate compound) {
					if (compound.getBooleanOperator() == CompoundPredicate.BooleanOperator.SURROGATE) {
						return HANDLED;
					}
					child = parent;
					continue;
				}
				if (parent instanceof Node) {
					@Nullable PMMLObject above = (i + 1 < parents.size()) ? parents.get(i + 1) : null;
					TreeModel tree = tree(parents, i);
					if (tree == null || !DECIDING.contains(tree.getMissingValueStrategy())) {
						return UNHANDLED;
					}
					if (tree.getMissingValueStrategy() == TreeModel.MissingValueStrategy.DEFAULT_CHILD) {
						// the parent node must name the child a missing value goes to
						return (above instanceof Node split && split.getDefaultChild() != null) ? HANDLED : UNHANDLED;
					}
					return HANDLED;
				}
				return UNHANDLED; // a segment's predicate, say: the segment would be
									// skipped
			}
			return UNHANDLED;
		}

		private static boolean mapsMissing(PMMLObject reader) {
			return reader instanceof HasMapMissingTo<?, ?> mapping && mapping.getMapMissingTo() != null;
		}

		private static boolean replaces(@Nullable MiningSchema schema, String field) {
			if (schema == null || !schema.hasMiningFields()) {
				return false;
			}
			for (MiningField miningField : schema.getMiningFields()) {
				if (field.equals(miningField.getName()) && miningField.getMissingValueReplacement() != null) {
					return true;
				}
			}
			return false;
		}

		private static @Nullable TreeModel tree(List<PMMLObject> parents, int from) {
			for (int i = from; i < parents.size(); i++) {
				if (parents.get(i) instanceof TreeModel tree) {
					return tree;
				}
				if (parents.get(i) instanceof Model) {
					return null;
				}
			}
			return null;
		}

	}

}
