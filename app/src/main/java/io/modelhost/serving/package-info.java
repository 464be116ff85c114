/**
 * Serving: a prediction request is checked against the model's signature, run on the
 * loaded model and answered, for the model's owner only.
 */
@NullMarked
package io.modelhost.serving;

import org.jspecify.annotations.NullMarked;
