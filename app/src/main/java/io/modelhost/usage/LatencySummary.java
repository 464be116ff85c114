package io.modelhost.usage;

/**
 * Latency of the requests in a period, in milliseconds from receiving a request to
 * answering it.
 *
 * @param avg the mean, exact
 * @param min the smallest, exact
 * @param max the largest, exact
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param exact whether the percentiles were computed from every request's latency (true
 * for small periods) or estimated from {@link LatencyHistogram} buckets (error at most
 * the width of the bucket the percentile falls in)
 */
public record LatencySummary(double avg, double min, double max, double p50, double p95, double p99, boolean exact) {

}
