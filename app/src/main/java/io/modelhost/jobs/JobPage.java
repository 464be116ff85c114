package io.modelhost.jobs;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param jobs the jobs on this page, newest first
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many jobs match in all
 */
public record JobPage(List<Job> jobs, int page, int size, long total) {

}
