package io.modelhost.scheduling.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Stacks tensor inputs along their first (batch) dimension and splits outputs back.
 */
final class Batches {

	private Batches() {
	}

	/**
	 * What must be equal for two inputs to share a batch: each tensor's name, type and
	 * shape without the batch dimension; null when the input cannot be batched.
	 */
	static @Nullable String compatibility(ModelInput input) {
		if (!(input instanceof ModelInput.Tensors(Map<String, Tensor> tensors))) {
			return null;
		}
		var key = new StringBuilder();
		for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
			Tensor tensor = entry.getValue();
			if (tensor.shape().isEmpty()) {
				return null;
			}
			key.append(entry.getKey())
				.append(':')
				.append(tensor.type())
				.append(tensor.shape().subList(1, tensor.shape().size()))
				.append(';');
		}
		return key.toString();
	}

	/** The inputs stacked into one, in order; all must be compatible. */
	static ModelInput.Tensors stack(List<ModelInput.Tensors> inputs) {
		var stacked = new LinkedHashMap<String, Tensor>();
		for (String name : inputs.getFirst().tensors().keySet()) {
			var parts = new ArrayList<Tensor>(inputs.size());
			inputs.forEach((input) -> parts.add(input.tensors().get(name)));
			stacked.put(name, concatenate(parts));
		}
		return new ModelInput.Tensors(stacked);
	}

	private static Tensor concatenate(List<Tensor> parts) {
		Tensor first = parts.getFirst();
		long rows = 0;
		int elements = 0;
		for (Tensor part : parts) {
			rows += part.shape().getFirst();
			elements += part.size();
		}
		Object data = java.lang.reflect.Array.newInstance(first.data().getClass().getComponentType(), elements);
		int offset = 0;
		for (Tensor part : parts) {
			System.arraycopy(part.data(), 0, data, offset, part.size());
			offset += part.size();
		}
		var shape = new ArrayList<>(first.shape());
		shape.set(0, rows);
		return new Tensor(first.type(), shape, data);
	}

	/**
	 * The batch's prediction split into one per input, by the inputs' row counts; empty
	 * when an output does not have the batch as its first dimension.
	 */
	static Optional<List<Prediction>> split(Prediction prediction, List<Integer> rows) {
		if (!(prediction instanceof Prediction.Tensors(Map<String, Tensor> outputs))) {
			return Optional.empty();
		}
		int total = rows.stream().mapToInt(Integer::intValue).sum();
		for (Tensor output : outputs.values()) {
			if (output.shape().isEmpty() || output.shape().getFirst() != total) {
				return Optional.empty();
			}
		}
		var parts = new ArrayList<Prediction>(rows.size());
		int start = 0;
		for (int count : rows) {
			var slices = new LinkedHashMap<String, Tensor>();
			for (Map.Entry<String, Tensor> entry : outputs.entrySet()) {
				slices.put(entry.getKey(), slice(entry.getValue(), start, count, total));
			}
			parts.add(new Prediction.Tensors(slices));
			start += count;
		}
		return Optional.of(parts);
	}

	private static Tensor slice(Tensor tensor, int startRow, int rows, int totalRows) {
		int perRow = tensor.size() / totalRows;
		Object data = java.lang.reflect.Array.newInstance(tensor.data().getClass().getComponentType(), rows * perRow);
		System.arraycopy(tensor.data(), startRow * perRow, data, 0, rows * perRow);
		var shape = new ArrayList<>(tensor.shape());
		shape.set(0, (long) rows);
		return new Tensor(tensor.type(), shape, data);
	}

}
