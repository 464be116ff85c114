/**
 * Modelhost's application modules, one package each (Spring Modulith, verified by a
 * test): {@code accounts}, {@code registry}, {@code runtime}, {@code scheduling},
 * {@code serving}, {@code protocol} (the platform's wire format), {@code protocols} (OIP
 * V2, KServe V1, MLflow), {@code quotas}, {@code usage}, {@code datasets} (uploaded
 * data), {@code jobs} (long-running work), {@code apidocs}, {@code dashboard} (the web
 * pages), and the shared {@code web} infrastructure.
 */
@NullMarked
package io.modelhost;

import org.jspecify.annotations.NullMarked;
