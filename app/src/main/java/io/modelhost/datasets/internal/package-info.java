/**
 * How datasets are read and kept: a streaming CSV reader that knows its line numbers, the
 * dialect sniffer, the one-pass profiler, rows in the database and files on disk.
 */
@NullMarked
package io.modelhost.datasets.internal;

import org.jspecify.annotations.NullMarked;
