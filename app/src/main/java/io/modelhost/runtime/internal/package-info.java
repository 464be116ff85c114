/** The runtime's cache of loaded models and its recogniser of formats not served yet. */
@NullMarked
package io.modelhost.runtime.internal;

import org.jspecify.annotations.NullMarked;
