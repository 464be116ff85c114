/**
 * Shared HTTP infrastructure of the JSON API: RFC 9457 problem responses for every error
 * (controllers, security filters and the servlet container's error page alike), request
 * ids, and absolute URLs. Imports nothing from other modules.
 */
@NullMarked
package io.modelhost.web;

import org.jspecify.annotations.NullMarked;
