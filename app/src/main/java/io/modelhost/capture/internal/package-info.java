/**
 * How captures are kept: the table of captured rows and settings, and the bounded writer
 * that takes rows off the prediction path.
 */
@NullMarked
package io.modelhost.capture.internal;

import org.jspecify.annotations.NullMarked;
