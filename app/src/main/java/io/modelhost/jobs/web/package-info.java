/** The jobs' JSON API and their event streams. */
@NullMarked
package io.modelhost.jobs.web;

import org.jspecify.annotations.NullMarked;
