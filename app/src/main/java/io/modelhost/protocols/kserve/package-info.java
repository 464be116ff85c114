/**
 * KServe's V1 protocol (after TensorFlow Serving's REST API): model listing and
 * readiness, and {@code :predict} with {@code instances} or {@code inputs}, read as in
 * the platform's own format. Errors are {@code {"error": "..."}}.
 */
@NullMarked
package io.modelhost.protocols.kserve;

import org.jspecify.annotations.NullMarked;
