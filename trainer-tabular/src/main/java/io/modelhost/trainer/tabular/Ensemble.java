package io.modelhost.trainer.tabular;

import java.util.List;

/**
 * The refitted winner: one model, or a weighted average of several models' answers (class
 * probabilities or values), each with the preprocessing its family needs.
 *
 * @param members the models, with weights summing to one
 */
record Ensemble(List<Member> members) {

	Ensemble {
		members = List.copyOf(members);
		if (members.isEmpty()) {
			throw new IllegalArgumentException("an ensemble needs at least one member");
		}
	}

	/**
	 * A model of the ensemble.
	 *
	 * @param learner the configuration it was fitted with
	 * @param encoder its preprocessing
	 * @param fitted the model over the encoded rows
	 * @param weight its share of the average
	 */
	record Member(Learner learner, Encoder encoder, Fitted fitted, double weight) {

	}

	static Ensemble single(Learner learner, Encoder encoder, Fitted fitted) {
		return new Ensemble(List.of(new Member(learner, encoder, fitted, 1.0)));
	}

	/** The weighted average of the members' answers for some rows of the table. */
	double[][] predict(Table table, int[] rows) {
		double[][] sum = null;
		for (Member member : this.members) {
			double[][] p = member.fitted().predict(member.encoder().transform(table, rows));
			if (sum == null) {
				sum = new double[p.length][p[0].length];
			}
			for (int i = 0; i < p.length; i++) {
				for (int k = 0; k < p[i].length; k++) {
					sum[i][k] += member.weight() * p[i][k];
				}
			}
		}
		return sum;
	}

	/**
	 * Importance per feature of the plan (not per encoded column), as shares: each
	 * member's shares, weighted.
	 */
	double[] importance(int features) {
		double[] total = new double[features];
		for (Member member : this.members) {
			double[] perColumn = member.fitted().importance();
			int[] sources = member.encoder().sources();
			double sum = 0;
			for (double value : perColumn) {
				sum += value;
			}
			if (sum <= 0) {
				continue;
			}
			for (int c = 0; c < perColumn.length; c++) {
				total[sources[c]] += member.weight() * perColumn[c] / sum;
			}
		}
		return total;
	}

}
