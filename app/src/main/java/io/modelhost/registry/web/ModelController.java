package io.modelhost.registry.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.FeatureDeclaration;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelPage;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelFiles;
import io.modelhost.registry.ModelFiles.StoredFile;
import io.modelhost.registry.ModelSettingsExtension;
import io.modelhost.registry.ModelVersion;
import io.modelhost.registry.ModelVersions;
import io.modelhost.registry.Permission;
import io.modelhost.registry.Upload;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.Uploaded;
import io.modelhost.protocol.SignatureDocument;
import io.modelhost.runtime.ModelRuntime;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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

	private static final String INPUTS = "For formats that do not record their input shapes (TorchScript): the "
			+ "inputs as JSON, e.g. [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [-1, 1, 8, 8]}]; "
			+ "the first dimension is the batch (-1). Checked on a sample before the model goes live.";

	private static final String FEATURES = "For tabular models whose features are called x1..xN (fitted on a bare "
			+ "array): their names in the model's order, as JSON, e.g. [\"sepal length\", \"sepal width\", "
			+ "\"petal length\", \"petal width\"], or objects {\"name\", \"type\"} where type (double, float, "
			+ "integer, string, boolean) must agree with the model. Predictions then take rows by these names (and "
			+ "positionally as before). A model whose file already names its features keeps them: 'features' must "
			+ "repeat them exactly or be left out.";

	private static final String INPUT_EXAMPLE = "A real input, as MLflow's input_example: one row as a JSON object by "
			+ "feature name, one positional row, or an array of up to 10 rows. It is run through the model at "
			+ "upload (a row the model cannot take is refused with its problems) and becomes the version's example "
			+ "request in its docs, OpenAPI and test console, with the model's answer.";

	private final ModelRegistry registry;

	private final ModelVersions versions;

	private final PublicUrls urls;

	private final ModelRuntime runtime;

	/** Setting groups other modules keep, by their body field. */
	private final Map<String, ModelSettingsExtension> extensions;

	private final ModelFiles files;

	ModelController(ModelRegistry registry, ModelVersions versions, ModelFiles files, PublicUrls urls,
			ModelRuntime runtime, List<ModelSettingsExtension> extensions) {
		this.files = files;
		this.registry = registry;
		this.versions = versions;
		this.urls = urls;
		this.runtime = runtime;
		this.extensions = extensions.stream()
			.collect(Collectors.toUnmodifiableMap(ModelSettingsExtension::field, Function.identity()));
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a model file and get a prediction endpoint",
			description = "Accepts scikit-learn pickles and joblib files (.pkl, .joblib; plain, zlib, gzip, lzma or "
					+ "xz), PMML documents, ONNX models, Keras HDF5 (.h5) models and TorchScript (.pt/.pth) "
					+ "archives, recognised from their bytes. Pickles are scanned against an allow-list and "
					+ "converted to PMML without running Python; nothing uploaded is executed. Uploading under the "
					+ "name of one of your live models adds a new version to it (Location names the version); "
					+ "the alias 'production' moves to it unless it was set by hand.")
	ResponseEntity<ModelResponse> upload(Caller caller,
			@Parameter(description = "The model file") @RequestPart("file") MultipartFile file,
			@Parameter(description = "A name for the model (1-100 characters)") @RequestParam(
					required = false) @Nullable String name,
			@Parameter(description = "What the model does (1-2000 characters); kept as it is when the upload is a "
					+ "new version") @RequestParam(required = false) @Nullable String description,
			@Parameter(description = INPUTS) @RequestParam(required = false) @Nullable String inputs,
			@Parameter(description = ImageInputs.DESCRIPTION) @RequestParam(name = "image_input",
					required = false) @Nullable String imageInput,
			@Parameter(description = FEATURES) @RequestParam(required = false) @Nullable String features,
			@Parameter(description = INPUT_EXAMPLE) @RequestParam(name = "input_example",
					required = false) @Nullable String inputExample) {
		Uploaded uploaded = this.registry.upload(caller.userId(), (name != null) ? name : "",
				(description != null) ? description : "", upload(file),
				declarations(inputs, imageInput, features, inputExample));
		return created(caller, uploaded);
	}

	@PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a new version of a model",
			description = "The file is admitted like a first upload, and becomes the next immutable version. The "
					+ "alias 'production' (what the endpoint serves) moves to it unless it was set by hand. Needs "
					+ "the edit permission.")
	ResponseEntity<ModelResponse> uploadVersion(Caller caller, @PathVariable String id,
			@Parameter(description = "The model file") @RequestPart("file") MultipartFile file,
			@Parameter(description = INPUTS) @RequestParam(required = false) @Nullable String inputs,
			@Parameter(description = ImageInputs.DESCRIPTION) @RequestParam(name = "image_input",
					required = false) @Nullable String imageInput,
			@Parameter(description = FEATURES) @RequestParam(required = false) @Nullable String features,
			@Parameter(description = INPUT_EXAMPLE) @RequestParam(name = "input_example",
					required = false) @Nullable String inputExample,
			@Parameter(description = "What is new in this version (up to 2000 characters); shown with the "
					+ "version") @RequestParam(required = false) @Nullable String description) {
		return created(caller, this.registry.uploadVersion(caller.userId(), ModelId.parse(id), upload(file),
				declarations(inputs, imageInput, features, inputExample), description));
	}

	@PostMapping(path = "/{id}/compatibility", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Try a file as the model's next version, storing nothing",
			description = "Admits the file as an upload of a new version would (the same checks, its example "
					+ "answered) and compares it with the version production serves: compatible, the differences "
					+ "clients would notice, and whether production would move to it at once. Nothing is stored; "
					+ "the same fields as the version upload. Needs the edit permission.")
	CompatibilityResponse compatibility(Caller caller, @PathVariable String id,
			@Parameter(description = "The model file") @RequestPart("file") MultipartFile file,
			@Parameter(description = INPUTS) @RequestParam(required = false) @Nullable String inputs,
			@Parameter(description = ImageInputs.DESCRIPTION) @RequestParam(name = "image_input",
					required = false) @Nullable String imageInput,
			@Parameter(description = FEATURES) @RequestParam(required = false) @Nullable String features,
			@Parameter(description = INPUT_EXAMPLE) @RequestParam(name = "input_example",
					required = false) @Nullable String inputExample) {
		ModelVersions.VersionCheck check = this.versions.checkVersion(caller.userId(), ModelId.parse(id), upload(file),
				declarations(inputs, imageInput, features, inputExample));
		return new CompatibilityResponse(check.differences().isEmpty(), check.model().version().number(),
				check.differences(), check.wouldServe(), check.trial().format().id(),
				SignatureDocument.toJson(check.trial().signature()), check.trial().exampleRequest(),
				check.trial().exampleResponse());
	}

	record CompatibilityResponse(
			@Schema(description = "Whether clients of production would notice no difference") boolean compatible,
			@Schema(description = "The version production serves, compared with") int comparedWith,
			@Schema(description = "What its clients would notice") List<String> differences,
			@Schema(description = "Whether uploading it would move production to it at once (compatible, and "
					+ "production not set by hand)") boolean wouldServe,
			String format, @Schema(description = "What it takes and gives") JsonNode schema, JsonNode exampleRequest,
			JsonNode exampleResponse) {

	}

	private static UploadDeclarations declarations(@Nullable String inputs, @Nullable String imageInput,
			@Nullable String features, @Nullable String inputExample) {
		return new UploadDeclarations(DeclaredInputs.parse(inputs), ImageInputs.parse(imageInput),
				FeatureDeclaration.parseList(features), UploadDeclarations.parseExample(inputExample));
	}

	private ResponseEntity<ModelResponse> created(Caller caller, Uploaded uploaded) {
		String id = uploaded.model().id().value();
		String base = "/api/v1/models/" + id;
		URI location = URI.create(uploaded.newModel() ? base : base + "/versions/" + uploaded.version().number());
		ModelResponse model = get(caller, id);
		return ResponseEntity.created(location)
			.body(model.uploaded(VersionResponse.of(uploaded.model(), uploaded.version(), this.urls, this.runtime)));
	}

	@GetMapping
	@Operation(summary = "List your models", description = "Paginated; filter by name (contains), status and "
			+ "format; sort by created_at, updated_at or name; archived=true lists your archived models.")
	ModelResponse.Page list(Caller caller, @RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(defaultValue = "created_at") String sort, @RequestParam(defaultValue = "desc") String order,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(defaultValue = "false") boolean archived) {
		ModelPage result = this.registry.list(caller.userId(),
				ModelQueries.of(name, status, format, sort, order, page, size, archived));
		return new ModelResponse.Page(result.models()
			.stream()
			.map((m) -> ModelResponse.of(new ModelAccess(m, Permission.OWNER), this.registry.purgeAfter(m), this.urls,
					this.runtime))
			.toList(), result.page(), result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of your models, or one shared with you",
			description = "An archived model is visible to its owner only.")
	ModelResponse get(Caller caller, @PathVariable String id) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		return ModelResponse.of(access, this.registry.purgeAfter(access.model()), this.urls, this.runtime)
			.withAliases(this.versions.aliases(access.model()));
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a model's name, description, status, image input or payload capture",
			description = "status 'inactive' switches the endpoint off (403, and the model is unloaded) until it is "
					+ "'active' again. The endpoint URL never changes. image_input declares how the version the "
					+ "endpoint serves (or the one given as version) takes pictures; null removes it. capture "
					+ "switches payload capture on or off, as PUT /api/v1/models/{id}/capture does. Needs the edit "
					+ "permission.")
	ModelResponse update(Caller caller, @PathVariable String id, @RequestBody UpdateRequest request) {
		ModelId modelId = ModelId.parse(id);
		if (request.capture() != null) {
			extension("capture").apply(caller.userId(), modelId, request.capture());
		}
		if (request.version() != null && request.imageInput() == null) {
			throw new InvalidModelMetadataException("version",
					"'version' says which version's image_input to set; " + "send it with image_input");
		}
		if (request.imageInput() != null) {
			this.registry.declareImageInput(caller.userId(), modelId, request.version(),
					ImageInputs.parse(request.imageInput()));
		}
		if (request.name() != null || request.description() != null || request.status() != null
				|| (request.imageInput() == null && request.capture() == null)) {
			this.registry.update(caller.userId(), modelId, request.name(), request.description(),
					ModelQueries.status(request.status()));
		}
		return get(caller, modelId.value());
	}

	private ModelSettingsExtension extension(String field) {
		ModelSettingsExtension extension = this.extensions.get(field);
		if (extension == null) {
			throw new IllegalStateException("no module keeps the model setting '" + field + "'");
		}
		return extension;
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Archive or delete a model",
			description = "Archives the model: its endpoint answers 404 and it is unloaded, but you can restore it "
					+ "until modelhost.registry.archive-retention has passed. permanent=true deletes it, live or "
					+ "archived, with all its versions and files, for good. Owner only.")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean permanent) {
		if (permanent) {
			this.registry.delete(caller.userId(), ModelId.parse(id));
		}
		else {
			this.registry.archive(caller.userId(), ModelId.parse(id));
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/restore")
	@Operation(summary = "Restore an archived model", description = "Its endpoint serves again at the same URL.")
	ModelResponse restore(Caller caller, @PathVariable String id) {
		Model model = this.registry.restore(caller.userId(), ModelId.parse(id));
		return get(caller, model.id().value());
	}

	@GetMapping("/{id}/versions")
	@Operation(summary = "A model's versions, newest first")
	List<VersionResponse> versions(Caller caller, @PathVariable String id) {
		ModelId modelId = ModelId.parse(id);
		Model model = this.registry.get(caller.userId(), modelId);
		Map<String, Integer> aliases = this.versions.aliases(model);
		return this.registry.versions(caller.userId(), modelId)
			.stream()
			.map((version) -> VersionResponse.of(model, version, aliases, this.urls, this.runtime))
			.toList();
	}

	@GetMapping("/{id}/versions/{version}")
	@Operation(summary = "One version of a model")
	VersionResponse version(Caller caller, @PathVariable String id, @PathVariable String version) {
		ModelId modelId = ModelId.parse(id);
		Model model = this.registry.get(caller.userId(), modelId);
		return VersionResponse.of(model,
				this.registry.version(caller.userId(), modelId, ModelVersion.parseNumber(version)),
				this.versions.aliases(model), this.urls, this.runtime);
	}

	@DeleteMapping("/{id}/versions/{version}")
	@Operation(summary = "Delete a version for good",
			description = "Its files are deleted and it stops serving; its number is never given to another "
					+ "upload. 409 version-in-production for the version production serves: point production "
					+ "elsewhere first; 409 version-in-use for one an alias points to or the traffic split uses. "
					+ "Owner only. Usage statistics that name it stay.")
	ResponseEntity<Void> deleteVersion(Caller caller, @PathVariable String id, @PathVariable String version) {
		this.versions.deleteVersion(caller.userId(), ModelId.parse(id), ModelVersion.parseNumber(version));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/versions/{version}/file")
	@Operation(summary = "Download the file a version serves",
			description = "The stored file the endpoint loads: the upload itself, or what admission converted it to "
					+ "(a pickle's PMML, a trained model's PMML). Needs the view permission.")
	ResponseEntity<Resource> file(Caller caller, @PathVariable String id, @PathVariable String version) {
		StoredFile served = this.files.served(caller.userId(), ModelId.parse(id), ModelVersion.parseNumber(version));
		String format = served.version().format().id();
		// a pickle serves the PMML it was converted to
		boolean pmml = format.equals("pmml") || format.equals("sklearn");
		String extension = pmml ? ".pmml" : switch (format) {
			case "onnx" -> ".onnx";
			case "keras-h5" -> ".h5";
			case "keras-v3" -> ".keras";
			case "torchscript" -> ".pt";
			default -> ".bin";
		};
		String name = served.model().name().replaceAll("[^A-Za-z0-9._-]+", "_") + "-v" + served.version().number()
				+ extension;
		return ResponseEntity.ok()
			.contentType(pmml ? MediaType.APPLICATION_XML : MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.body(new FileSystemResource(served.path()));
	}

	@PutMapping(path = "/{id}/aliases/production", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Promote or roll back: point the endpoint at a version",
			description = "Moves the alias 'production', which the endpoint serves, to the version given, and keeps "
					+ "it there when new versions are uploaded. A version whose inputs or outputs differ from the "
					+ "served one's where clients would notice answers 409 incompatible-version with the "
					+ "differences, unless \"force\": true. Needs the edit permission.")
	ModelResponse setProduction(Caller caller, @PathVariable String id, @RequestBody AliasRequest request) {
		if (request.version() == null) {
			throw new InvalidModelMetadataException("version", "'version' is required");
		}
		Model model = this.versions.setProduction(caller.userId(), ModelId.parse(id), request.version(),
				Boolean.TRUE.equals(request.force()));
		return get(caller, model.id().value());
	}

	@DeleteMapping("/{id}/aliases/production")
	@Operation(summary = "Let the endpoint follow the newest version again",
			description = "Points 'production' at the newest version, and at each new one from now on (each "
					+ "compatible one: an incompatible upload waits to be promoted). 409 incompatible-version if "
					+ "the newest is not compatible with the served one, unless ?force=true.")
	ModelResponse followNewest(Caller caller, @PathVariable String id,
			@Parameter(description = "Follow the newest version even if it is not compatible with the served "
					+ "one") @RequestParam(defaultValue = "false") boolean force) {
		Model model = this.versions.setProduction(caller.userId(), ModelId.parse(id), null, force);
		return get(caller, model.id().value());
	}

	private static Upload upload(MultipartFile file) {
		if (file.isEmpty()) {
			throw new InvalidModelMetadataException("file", "the file is empty");
		}
		return new MultipartUpload(file);
	}

	record UpdateRequest(@Nullable String name, @Nullable String description,
			@Schema(description = "active or inactive") @Nullable String status,
			@Schema(description = ImageInputs.DESCRIPTION + " null removes it.") @Nullable JsonNode imageInput,
			@Schema(description = "The version whose image_input to set; the one the endpoint serves when "
					+ "left out") @Nullable Integer version,
			@Schema(description = "Payload capture: {\"enabled\": true, \"sample_rate\": 0.1, "
					+ "\"retention_days\": 7}, as PUT /api/v1/models/{id}/capture takes it") @Nullable JsonNode capture) {

	}

	record AliasRequest(@Schema(description = "The version to point to") @Nullable Integer version,
			@Schema(description = "Promote even if the version is not compatible with the served one (its "
					+ "clients would fail or misread its answers)") @Nullable Boolean force) {

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
