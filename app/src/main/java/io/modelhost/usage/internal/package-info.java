/** Where usage records are written. */
@NullMarked
package io.modelhost.usage.internal;

import org.jspecify.annotations.NullMarked;
