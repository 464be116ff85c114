/** The artifacts JSON API: export, the signing key, verification. */
@NullMarked
package io.modelhost.artifacts.web;

import org.jspecify.annotations.NullMarked;
