/** The prediction endpoint of every model. */
@NullMarked
package io.modelhost.serving.web;

import org.jspecify.annotations.NullMarked;
