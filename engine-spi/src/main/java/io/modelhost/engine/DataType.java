package io.modelhost.engine;

/**
 * Tensor element types, named as in the Open Inference Protocol.
 */
public enum DataType {

	BOOL, INT8, UINT8, INT16, INT32, INT64, FP32, FP64, BYTES;

	/** Whether elements of this type are numbers. */
	public boolean isNumeric() {
		return this != BOOL && this != BYTES;
	}

	/** Whether elements of this type are whole numbers. */
	public boolean isInteger() {
		return isNumeric() && this != FP32 && this != FP64;
	}

}
