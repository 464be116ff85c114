package io.modelhost.engine.keras;

import java.util.List;

import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.testkit.EngineContractTests;

/**
 * The engine contract over every Keras fixture with a reference: Keras' own predictions
 * where the file came with them, numpy computations otherwise (see
 * fixtures/tools/make_keras_extra.py and each reference's {@code note}).
 */
class KerasEngineContractTests extends EngineContractTests {

	private final KerasEngine engine = new KerasEngine();

	@Override
	protected ModelEngine engine() {
		return this.engine;
	}

	@Override
	protected List<String> fixtures() {
		return List.of(
				// Keras' own predictions
				"keras/ReLU_0_model.h5", "keras/simple_sparse_xent_mlp_keras_2_model.h5", "keras-extra/ELU_0_model.h5",
				"keras-extra/LeakyReLU_0_model.h5", "keras-extra/Softmax_0_model.h5",
				"keras-extra/ThresholdReLU_0_model.h5", "keras-extra/conv1d_k2_s3_d1_cl_same_model.h5",
				"keras-extra/conv1d_k3_s2_d1_cl_valid_model.h5", "keras-extra/conv1d_k4_s1_d2_cl_same_model.h5",
				"keras-extra/causal_conv1d_k3_s1_d2_cl_model.h5", "keras-extra/causal_conv1d_k4_s2_d1_cl_model.h5",
				"keras-extra/simple_flatten_lstm_tf_keras_2_model.h5",
				"keras-extra/simple_flatten_rnn_tf_keras_2_model.h5", "keras-extra/simple_rnn_tf_keras_2_model.h5",
				// real Keras files, numpy answers
				"keras/simple_lstm_tf_keras_2_model.h5", "keras-extra/batch_to_conv2d_tensorflow_2.h5",
				"keras-extra/bidirectional_lstm_tensorflow_2.h5", "keras-extra/embedding_lstm_tensorflow_2.h5",
				"keras-extra/flatten_3d.hdf5", "keras-extra/batchNormError2.h5",
				"keras-extra/lstm_functional_tf_keras_2.h5",
				// synthetic files in Keras' layout, numpy answers
				"keras-extra/conv2d_same_strided.h5", "keras-extra/conv2d_valid_dilated.h5",
				"keras-extra/conv1d_pooling.h5", "keras-extra/gru_reset_after_and_before.h5",
				"keras-extra/batch_norm_mlp.h5", "keras-extra/functional_merges.h5", "keras-extra/nested_sequential.h5",
				"keras-extra/embedding_bidirectional.h5", "keras-extra/activations_reshapes.h5");
	}

	@Override
	protected List<String> foreignFixtures() {
		return fixturesIn("sklearn", "sklearn-extra", "onnx", "torch", "malicious");
	}

	@Override
	protected double tolerance() {
		return 1e-5;
	}

}
