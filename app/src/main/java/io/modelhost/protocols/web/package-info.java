/**
 * What the protocol adapters share: reading a request body within the size limit, the
 * exceptions they raise, and the mapping of every failure to a status and a message safe
 * to show, which each protocol renders in its own error format.
 */
@NullMarked
package io.modelhost.protocols.web;

import org.jspecify.annotations.NullMarked;
