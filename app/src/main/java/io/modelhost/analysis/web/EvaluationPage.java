package io.modelhost.analysis.web;

import java.util.List;

/** A page of evaluations, newest first. */
record EvaluationPage(List<EvaluationSummary> items, int page, int size, long total) {

}
