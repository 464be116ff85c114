package io.modelhost.engine.onnx;

import java.io.IOException;

/**
 * Bytes that break the protobuf wire format, or the shape of the message being read.
 */
final class WireFormatException extends IOException {

	WireFormatException(String message) {
		super(message);
	}

}
