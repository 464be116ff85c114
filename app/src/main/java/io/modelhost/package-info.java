/**
 * Modelhost's application modules, one package each (Spring Modulith): {@code accounts},
 * {@code registry}, {@code runtime}, {@code protocol}, {@code serving}, {@code apidocs},
 * and the shared {@code web} infrastructure.
 */
@NullMarked
package io.modelhost;

import org.jspecify.annotations.NullMarked;
