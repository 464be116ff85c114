/** The drift JSON API: a model's reference dataset and its drift reports. */
@NullMarked
package io.modelhost.drift.web;

import org.jspecify.annotations.NullMarked;
