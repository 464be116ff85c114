/**
 * The TorchScript engine: recognises PyTorch archives by their zip layout, checks them
 * before any native code reads them, refuses {@code torch.save} archives with a hint, and
 * serves TorchScript programs with DJL's PyTorch engine (libtorch), fully offline.
 */
@NullMarked
package io.modelhost.engine.djl;

import org.jspecify.annotations.NullMarked;
