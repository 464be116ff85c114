/**
 * Runs an engine in a separate, sandboxed worker process.
 *
 * <p>
 * {@link io.modelhost.engine.host.IsolatedEngine} implements the engine SPI over a pipe
 * to an {@link io.modelhost.engine.host.EngineHost} process that loads the real engine:
 * detection stays in the server, while admission, loading and prediction (everything that
 * runs a model's code in a native library) run in the worker, which sees no data
 * directory and no network, has memory limits and a deadline on every call, and is
 * restarted when it dies.
 */
@NullMarked
package io.modelhost.engine.host;

import org.jspecify.annotations.NullMarked;
