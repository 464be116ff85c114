/** The capture JSON API: settings, listing and export of a model's captured rows. */
@NullMarked
package io.modelhost.capture.web;

import org.jspecify.annotations.NullMarked;
