/** Where the registry keeps models: rows in the database, files on disk. */
@NullMarked
package io.modelhost.registry.internal;

import org.jspecify.annotations.NullMarked;
