/**
 * The Keras engine: reads Keras 2 HDF5 models with jhdf and runs them with a small
 * interpreter of its own, one class per layer family, computing in double precision.
 * Nothing native and nothing from the file is ever executed (docs/adr/0004).
 */
@NullMarked
package io.modelhost.engine.keras;

import org.jspecify.annotations.NullMarked;
