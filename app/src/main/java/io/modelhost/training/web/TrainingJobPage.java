package io.modelhost.training.web;

import java.util.List;

/** A page of training jobs, newest first. */
record TrainingJobPage(List<TrainingJobView> items, int page, int size, long total) {

}
