package io.modelhost.engine.keras;

/**
 * One step of a recurrent layer: from an input vector and the state to the next state. A
 * cell holds only weights; the state lives in arrays the caller owns, one set per
 * sequence, so a cell serves many predictions at once.
 */
sealed interface Cell permits SimpleRnnCell, LstmCell, GruCell {

	/** The size of one input vector. */
	int inputSize();

	/** The size of the output (and of the hidden state). */
	int units();

	/**
	 * Fresh state for one sequence: the hidden state first (what the layer outputs), then
	 * whatever else the cell carries, all zeros.
	 */
	double[][] initialState();

	/**
	 * Advances the state by one time step.
	 * @param x the input vector starts here
	 * @param offset at this index
	 * @param state the state from {@link #initialState()}, updated in place
	 */
	void step(double[] x, int offset, double[][] state);

	/**
	 * {@code into[o..o+n) = bias + x[offset..offset+rows) · matrix}, where the matrix is
	 * {@code rows × n} row-major.
	 */
	static void multiply(double[] x, int offset, int rows, double[] matrix, int n, double[] into) {
		for (int i = 0; i < rows; i++) {
			double value = x[offset + i];
			if (value != 0) {
				int m = i * n;
				for (int j = 0; j < n; j++) {
					into[j] += value * matrix[m + j];
				}
			}
		}
	}

}
