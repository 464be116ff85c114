/**
 * The contract between Modelhost and its inference engines.
 *
 * <p>
 * An engine is a plain-Java module that recognises one or more model formats from their
 * bytes ({@link io.modelhost.engine.ModelEngine#detect}), admits an uploaded file (scans,
 * converts and loads it, {@link io.modelhost.engine.ModelEngine#admit}) and loads an
 * admitted artifact again later ({@link io.modelhost.engine.ModelEngine#load}). Engines
 * are found with {@link java.util.ServiceLoader}; adding one means adding a module, never
 * editing a central switch.
 */
@NullMarked
package io.modelhost.engine;

import org.jspecify.annotations.NullMarked;
