/** Where audit entries are written, and the listener that writes them. */
@NullMarked
package io.modelhost.audit.internal;

import org.jspecify.annotations.NullMarked;
