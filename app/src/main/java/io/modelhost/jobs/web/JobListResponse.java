package io.modelhost.jobs.web;

import java.util.List;

/** One page of a listing of jobs. */
record JobListResponse(List<JobResponse> items, int page, int size, long total) {

}
