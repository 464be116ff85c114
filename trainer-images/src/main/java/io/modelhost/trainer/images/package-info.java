/**
 * Image classification: a small convolutional network trained with DJL 0.35.1 on libtorch
 * 2.7.1 (CPU, offline), its best epoch written as ONNX that engine-onnx serves.
 *
 * <h2>What the host process must set</h2>
 * <ul>
 * <li>{@code ai.djl.offline=true} is forced by the trainer before DJL starts, as
 * engine-djl does; the environment must not say {@code DJL_OFFLINE=false} (training then
 * fails). libtorch comes from the {@code pytorch-native-cpu} jar on the classpath and is
 * extracted (432 MB) into {@code DJL_CACHE_DIR} ({@code ~/.djl.ai} by default) on a
 * machine's first training; point {@code DJL_CACHE_DIR} and {@code ENGINE_CACHE_DIR} at a
 * writable directory with room.</li>
 * <li>{@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads}
 * are process-wide; the trainer sets both to 1 if unset (as engine-djl does). Each
 * training then sets libtorch's intra-op threads to its {@code maxThreads} (capped at the
 * processors) and restores them afterwards; the inter-op count cannot change after
 * libtorch's first use. Trainings run one at a time per process (see {@link Torch}).</li>
 * <li>{@code OMP_WAIT_POLICY=PASSIVE} in the environment: libtorch's OpenMP threads
 * otherwise spin between operations, which on a busy machine costs much time
 * (docs/adr/0007).</li>
 * <li>{@code --enable-native-access=ALL-UNNAMED} on JDK 25, and a {@code java.io.tmpdir}
 * the process may write.</li>
 * </ul>
 */
@NullMarked
package io.modelhost.trainer.images;

import org.jspecify.annotations.NullMarked;
