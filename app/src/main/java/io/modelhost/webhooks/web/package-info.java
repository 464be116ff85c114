/** The webhooks' JSON API. */
@NullMarked
package io.modelhost.webhooks.web;

import org.jspecify.annotations.NullMarked;
