package io.modelhost.registry;

import java.util.List;

import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.protocol.ImageInput;
import org.jspecify.annotations.Nullable;

/**
 * What an uploader declares about a model beside its file.
 *
 * @param inputs the input tensors, for formats that do not record them (TorchScript);
 * empty when none are declared
 * @param imageInput how the model takes pictures, or null when it takes none (or it is
 * declared later)
 */
public record UploadDeclarations(List<TensorSpec> inputs, @Nullable ImageInput imageInput) {

	public UploadDeclarations {
		inputs = List.copyOf(inputs);
	}

	/** Nothing declared: the file tells all. */
	public static UploadDeclarations none() {
		return new UploadDeclarations(List.of(), null);
	}

}
