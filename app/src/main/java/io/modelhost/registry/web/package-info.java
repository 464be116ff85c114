/** The registry's JSON API: upload, list, read, edit and delete models. */
@NullMarked
package io.modelhost.registry.web;

import org.jspecify.annotations.NullMarked;
