package io.modelhost.batch.web;

import java.util.List;

/** One page of a model's batch predictions. */
record BatchPredictionPage(List<BatchPredictionResponse> batchPredictions, int page, int size, long total) {

}
