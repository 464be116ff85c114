/** The batch predictions' HTTP adapter. */
@NullMarked
package io.modelhost.batch.web;

import org.jspecify.annotations.NullMarked;
