/**
 * How drift is measured: the two-sample statistics, bounded samples of datasets and
 * captures, the comparison of two samples, and the references in the database.
 */
@NullMarked
package io.modelhost.drift.internal;

import org.jspecify.annotations.NullMarked;
