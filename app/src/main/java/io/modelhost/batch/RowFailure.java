package io.modelhost.batch;

/**
 * A row the model refused.
 *
 * @param row the row's number, from 1 for the first data row (line 2 of a file with a
 * header)
 * @param reason why, as the prediction endpoint would say it
 */
public record RowFailure(long row, String reason) {

}
