package io.modelhost.trainer;

/**
 * A candidate's place in the leaderboard.
 *
 * @param rank 1 for the best by the request's metric
 * @param candidate the candidate
 */
public record LeaderboardEntry(int rank, Candidate candidate) {

	public LeaderboardEntry {
		if (rank < 1) {
			throw new IllegalArgumentException("rank must be >= 1 but was " + rank);
		}
	}

}
