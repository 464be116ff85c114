/** The server's signing key, kept in the database so that every replica signs alike. */
@NullMarked
package io.modelhost.artifacts.internal;

import org.jspecify.annotations.NullMarked;
