package io.modelhost.registry.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.Upload;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Upload model files and manage their endpoints")
class ModelController {

	private final ModelRegistry registry;

	private final PublicUrls urls;

	private final ModelRuntime runtime;

	ModelController(ModelRegistry registry, PublicUrls urls, ModelRuntime runtime) {
		this.registry = registry;
		this.urls = urls;
		this.runtime = runtime;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a model file and get a prediction endpoint",
			description = "Accepts scikit-learn pickles and joblib files (.pkl, .joblib; plain, zlib, gzip, lzma or "
					+ "xz), PMML documents, ONNX models, Keras HDF5 (.h5) models and TorchScript (.pt/.pth) "
					+ "archives, recognised from their bytes. Pickles are scanned against an allow-list and "
					+ "converted to PMML without running Python; nothing uploaded is executed.")
	ResponseEntity<ModelResponse> upload(Caller caller,
			@Parameter(description = "The model file") @RequestPart("file") MultipartFile file,
			@Parameter(description = "A name for the model (1-100 characters)") @RequestParam(
					required = false) @Nullable String name,
			@Parameter(description = "What the model does (1-2000 characters)") @RequestParam(
					required = false) @Nullable String description,
			@Parameter(description = "For formats that do not record their input shapes (TorchScript): the "
					+ "inputs as JSON, e.g. [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [-1, 1, 8, "
					+ "8]}]; the first dimension is the batch (-1). Checked on a sample before the model goes "
					+ "live.") @RequestParam(required = false) @Nullable String inputs) {
		if (file.isEmpty()) {
			throw new InvalidModelMetadataException("file", "the file is empty");
		}
		Model model = this.registry.upload(caller.userId(), (name != null) ? name : "",
				(description != null) ? description : "", new MultipartUpload(file), DeclaredInputs.parse(inputs));
		return ResponseEntity.created(URI.create("/api/v1/models/" + model.id().value()))
			.body(ModelResponse.of(model, this.urls, this.runtime));
	}

	@GetMapping
	@Operation(summary = "List your models", description = "Paginated; filter by name (contains), status and "
			+ "format; sort by created_at, updated_at or name.")
	ModelResponse.Page list(Caller caller, @RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(defaultValue = "created_at") String sort, @RequestParam(defaultValue = "desc") String order,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		ModelQuery query = new ModelQuery(name, status(status), format, sort(sort), descending(order),
				requireRange("page", page, 0, 1_000_000), requireRange("size", size, 1, 100));
		ModelPage result = this.registry.list(caller.userId(), query);
		return new ModelResponse.Page(
				result.models().stream().map((m) -> ModelResponse.of(m, this.urls, this.runtime)).toList(),
				result.page(), result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of your models")
	ModelResponse get(Caller caller, @PathVariable String id) {
		return ModelResponse.of(this.registry.get(caller.userId(), ModelId.parse(id)), this.urls, this.runtime);
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a model's name or description", description = "The endpoint URL does not change.")
	ModelResponse update(Caller caller, @PathVariable String id, @RequestBody UpdateRequest request) {
		return ModelResponse.of(
				this.registry.update(caller.userId(), ModelId.parse(id), request.name(), request.description()),
				this.urls, this.runtime);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a model", description = "Its file is removed and its endpoint answers 404.")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
		this.registry.delete(caller.userId(), ModelId.parse(id));
		return ResponseEntity.noContent().build();
	}

	private static @Nullable ModelStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return ModelStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidModelMetadataException("status", "status must be one of ready, failed");
		}
	}

	private static ModelQuery.Sort sort(String sort) {
		try {
			return ModelQuery.Sort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidModelMetadataException("sort", "sort must be one of created_at, updated_at, name");
		}
	}

	private static boolean descending(String order) {
		return switch (order.strip().toLowerCase(Locale.ROOT)) {
			case "desc" -> true;
			case "asc" -> false;
			default -> throw new InvalidModelMetadataException("order", "order must be asc or desc");
		};
	}

	private static int requireRange(String field, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidModelMetadataException(field, field + " must be in " + min + ".." + max);
		}
		return value;
	}

	record UpdateRequest(@Nullable String name, @Nullable String description) {

	}

	private record MultipartUpload(MultipartFile file) implements Upload {

		@Override
		public String filename() {
			String name = this.file.getOriginalFilename();
			return (name != null) ? name : "";
		}

		@Override
		public void transferTo(Path target) throws IOException {
			this.file.transferTo(target);
		}

	}

}
