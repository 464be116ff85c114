/**
 * The JSON wire format of predictions: how a request body becomes model input, how a
 * prediction becomes a response body, how a signature is described, and the example
 * request for a signature. Depends on nothing but the engine SPI and Jackson.
 */
@NullMarked
package io.modelhost.protocol;

import org.jspecify.annotations.NullMarked;
