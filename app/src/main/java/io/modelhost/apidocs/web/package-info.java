/** The documentation endpoints: per-model docs JSON and the OpenAPI description. */
@NullMarked
package io.modelhost.apidocs.web;

import org.jspecify.annotations.NullMarked;
