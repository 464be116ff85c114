/**
 * Uploaded datasets: a CSV received, checked and profiled in one streaming pass, stored
 * beside its profile, owned by one user (a dataset another user owns does not exist for
 * them), and read back as typed rows by whatever learns from it. The kind
 * ({@link io.modelhost.datasets.DatasetKind}) says how a dataset is read and profiled:
 * tabular today, images later under the same API.
 */
@NullMarked
package io.modelhost.datasets;

import org.jspecify.annotations.NullMarked;
