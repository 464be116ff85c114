package io.modelhost.analysis.web;

import java.util.List;

/** A page of comparisons, newest first. */
record ComparisonPage(List<ComparisonResponse> items, int page, int size, long total) {

}
