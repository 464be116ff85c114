/**
 * Trustworthy artifacts: a model version exported as a bundle (the model file and a
 * manifest of its format, digest, schema and source) signed by the server's Ed25519 key,
 * and the check of such a bundle's signature and digest.
 */
@NullMarked
package io.modelhost.artifacts;

import org.jspecify.annotations.NullMarked;
