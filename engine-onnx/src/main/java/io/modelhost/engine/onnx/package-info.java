/**
 * The ONNX engine: recognises ONNX models by their protobuf structure, admits them and
 * serves them with ONNX Runtime.
 */
@NullMarked
package io.modelhost.engine.onnx;

import org.jspecify.annotations.NullMarked;
