/**
 * Payload capture: a model's owner may switch it on to keep a sample of the rows its
 * endpoint answers (the inputs as decoded, the answer, the version and the time; never
 * who called or with which key), for a few days, to see what the model is asked and to
 * measure drift. Off by default; when off it costs a cached lookup per prediction.
 */
@NullMarked
package io.modelhost.capture;

import org.jspecify.annotations.NullMarked;
