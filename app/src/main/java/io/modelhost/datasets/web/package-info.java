/** The datasets' JSON API: upload, list, read, preview and delete datasets. */
@NullMarked
package io.modelhost.datasets.web;

import org.jspecify.annotations.NullMarked;
