package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelLimitReachedException;
import io.modelhost.accounts.StorageLimitReachedException;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.registry.FeatureDeclaration;
import io.modelhost.registry.Incompatibility;
import io.modelhost.registry.InvalidDeclarationException;
import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelVersions;
import io.modelhost.registry.ModelVersion;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.RegistryProperties;
import io.modelhost.registry.Upload;
import io.modelhost.registry.Uploaded;
import io.modelhost.runtime.InsufficientMemoryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Uploading a model: a file, a name and a description, and optionally the names of its
 * features and an input example. The registry's refusals become messages beside the
 * fields they are about; success leads to the model's page.
 */
@Controller
class UploadPage {

	private final ModelRegistry registry;

	private final RegistryProperties properties;

	private final ModelVersions versions;

	UploadPage(ModelRegistry registry, ModelVersions versions, RegistryProperties properties) {
		this.versions = versions;
		this.registry = registry;
		this.properties = properties;
	}

	/**
	 * The upload form; a name (and description) given in the query fill it in: uploading
	 * under the name of one of your models adds a version to it.
	 */
	@GetMapping("/models/new")
	String form(Caller caller, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String description, Model page) {
		existing(caller, name, page);
		return show(page, name, description, "", "", Map.of());
	}

	/**
	 * The note beside the name: whether the upload would add a version to one of the
	 * user's models (htmx asks for it as the name is typed).
	 */
	@GetMapping("/models/new/name")
	String nameNote(Caller caller, @RequestParam(defaultValue = "") String name, Model page) {
		existing(caller, name, page);
		return show(page, name, "", "", "", Map.of());
	}

	/**
	 * Tries the file against the production version of the model it would add a version
	 * to, storing nothing: the verdict shows beside the form (with htmx, the chosen file
	 * stays chosen).
	 */
	@PostMapping("/models/new/check")
	String check(Caller caller, @RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "") String features,
			@RequestParam(name = "input_example", defaultValue = "") String inputExample, Model page) {
		var errors = new LinkedHashMap<String, String>();
		io.modelhost.registry.Model model = existing(caller, name, page);
		if (model == null) {
			page.addAttribute("verdict", new Verdict(false, false, List.of(), 0,
					"No model of yours is called “" + name.strip() + "”: this upload would make a new model."));
			return show(page, name, description, features, inputExample, errors);
		}
		if (file == null || file.isEmpty()) {
			errors.put("file", "Choose the model file to check.");
			return show(page, name, description, features, inputExample, errors);
		}
		try {
			UploadDeclarations declarations = new UploadDeclarations(List.of(), null,
					FeatureDeclaration.parseList(features), UploadDeclarations.parseExample(inputExample));
			ModelVersions.VersionCheck check = this.versions.checkVersion(caller.userId(), model.id(),
					new MultipartUpload(file), declarations);
			int production = check.model().version().number();
			String summary = check.differences().isEmpty() ? (check.wouldServe()
					? "Compatible with version " + production + ": uploading it moves the endpoint to it at once."
					: "Compatible with version " + production + ". The endpoint stays on version " + production
							+ " (set by hand) until you promote it.")
					: "Not compatible with version " + production + ", which the endpoint serves: uploaded, it would "
							+ "be stored as a new version but the endpoint would stay on version " + production
							+ " until you promote it anyway. Its clients would notice:";
			page.addAttribute("verdict",
					new Verdict(true, check.differences().isEmpty(), check.differences(), production, summary));
		}
		catch (InvalidDeclarationException ex) {
			declarationErrors(ex, errors);
		}
		catch (ModelRejectedException ex) {
			errors.put("file", rejection(ex));
		}
		catch (StorageLimitReachedException ex) {
			errors.put("file", LimitMessages.storage(ex));
		}
		catch (InsufficientMemoryException ex) {
			errors.put("file", "The model needs more memory than this server lets loaded models hold ("
					+ ByteSize.text(ex.neededBytes()) + " needed, " + ByteSize.text(ex.budgetBytes()) + " allowed).");
		}
		return show(page, name, description, features, inputExample, errors);
	}

	/**
	 * The user's model an upload under this name adds a version to, put on the page as
	 * {@code existing}; null when the name is free.
	 */
	private io.modelhost.registry.@Nullable Model existing(Caller caller, String name, Model page) {
		if (name.isBlank()) {
			return null;
		}
		io.modelhost.registry.Model model = this.registry.ownModelNamed(caller.userId(), name).orElse(null);
		if (model != null) {
			page.addAttribute("existing", new Existing(model.name(), model.latestVersion() + 1));
		}
		return model;
	}

	/**
	 * One of the user's models an upload would add a version to.
	 *
	 * @param name its name
	 * @param nextVersion the number the upload would get
	 */
	record Existing(String name, int nextVersion) {

	}

	/**
	 * What a check found.
	 *
	 * @param checked whether a file was tried (false: the name is free)
	 * @param compatible whether production's clients would notice nothing
	 * @param differences what they would notice
	 * @param production the version production serves
	 * @param summary the verdict in a sentence
	 */
	record Verdict(boolean checked, boolean compatible, List<String> differences, int production, String summary) {

	}

	@PostMapping("/models/new")
	String upload(Caller caller, @RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "") String features,
			@RequestParam(name = "input_example", defaultValue = "") String inputExample,
			@RequestParam(defaultValue = "") String mode, HttpServletRequest request, HttpServletResponse response,
			Model page, RedirectAttributes flash) {
		if (mode.equals("check")) {
			// the check button without JavaScript: the form's own action (a params
			// condition
			// on the mapping would have every form body parsed, the API's included)
			return check(caller, file, name, description, features, inputExample, page);
		}
		var errors = new LinkedHashMap<String, String>();
		if (file == null || file.isEmpty()) {
			errors.put("file", "Choose a model file to upload.");
		}
		if (name.isBlank()) {
			errors.put("name", "Give the model a name.");
		}
		if (description.isBlank()) {
			errors.put("description", "Say what the model does.");
		}
		UploadDeclarations declarations = UploadDeclarations.none();
		try {
			declarations = new UploadDeclarations(List.of(), null, FeatureDeclaration.parseList(features),
					UploadDeclarations.parseExample(inputExample));
		}
		catch (InvalidDeclarationException ex) {
			declarationErrors(ex, errors);
		}
		if (file == null || !errors.isEmpty()) {
			return show(page, name, description, features, inputExample, errors);
		}
		Uploaded uploaded;
		try {
			uploaded = this.registry.upload(caller.userId(), name, description, new MultipartUpload(file),
					declarations);
		}
		catch (InvalidDeclarationException ex) {
			declarationErrors(ex, errors);
			return show(page, name, description, features, inputExample, errors);
		}
		catch (InvalidModelMetadataException ex) {
			errors.put(ex.field().equals("description") ? "description" : ex.field().equals("name") ? "name" : "file",
					sentence(ex.getMessage()));
			return show(page, name, description, features, inputExample, errors);
		}
		catch (ModelRejectedException ex) {
			errors.put("file", rejection(ex));
			return show(page, name, description, features, inputExample, errors);
		}
		catch (ModelLimitReachedException ex) {
			errors.put("name", "You keep " + ex.models() + " models, as many as you may (" + ex.limit()
					+ "). Delete one, or upload this as a new version under the name of one of yours.");
			return show(page, name, description, features, inputExample, errors);
		}
		catch (StorageLimitReachedException ex) {
			errors.put("file", LimitMessages.storage(ex));
			return show(page, name, description, features, inputExample, errors);
		}
		catch (InsufficientMemoryException ex) {
			errors.put("file", "The model needs more memory than this server lets loaded models hold ("
					+ ByteSize.text(ex.neededBytes()) + " needed, " + ByteSize.text(ex.budgetBytes()) + " allowed).");
			return show(page, name, description, features, inputExample, errors);
		}
		String target = "/models/" + uploaded.model().id().value();
		String notice = uploaded.newModel() ? "Uploaded. Your endpoint is live at the URL below."
				: "Uploaded as version " + uploaded.version().number() + " of " + uploaded.model().name() + "."
						+ notPromoted(uploaded.version());
		if (request.getHeader("HX-Request") != null) {
			// the browser would follow a redirect inside htmx's request; this header has
			// htmx send the whole page there instead
			RequestContextUtils.getOutputFlashMap(request).put("notice", notice);
			RequestContextUtils.saveOutputFlashMap(target, request, response);
			response.setHeader("HX-Redirect", request.getContextPath() + target);
			return "fragments :: redirecting";
		}
		flash.addFlashAttribute("notice", notice);
		return "redirect:" + target;
	}

	/** Why the endpoint does not serve a new version, if it does not. */
	private static String notPromoted(ModelVersion version) {
		Incompatibility incompatibility = version.incompatibility();
		if (incompatibility == null) {
			return "";
		}
		return " The endpoint still serves version " + incompatibility.comparedWith()
				+ ": the new version is not compatible with it (" + String.join("; ", incompatibility.differences())
				+ "). Promote it under Versions if its clients are ready.";
	}

	/**
	 * Feature names or an example the registry refused, beside their fields: each problem
	 * names the feature or value at fault.
	 */
	private static void declarationErrors(InvalidDeclarationException ex, Map<String, String> errors) {
		for (InputProblem problem : ex.problems()) {
			String field = problem.pointer().startsWith("/input_example") ? "input_example" : "features";
			String where = problem.pointer().substring(1 + field.length());
			String message = sentence(problem.detail()) + (where.isEmpty() ? "" : " (at " + where + ")");
			errors.merge(field, message, (a, b) -> a + " " + b);
		}
	}

	private String show(Model page, String name, String description, String features, String inputExample,
			Map<String, String> errors) {
		page.addAttribute("name", name);
		page.addAttribute("description", description);
		page.addAttribute("features", features);
		page.addAttribute("inputExample", inputExample);
		page.addAttribute("errors", errors);
		page.addAttribute("maxBytes", this.properties.maxUploadSize().toBytes());
		page.addAttribute("maxMegabytes", this.properties.maxUploadSize().toMegabytes());
		return "models/upload";
	}

	/** A refusal from admission, as the uploader can act on it. */
	static String rejection(ModelRejectedException ex) {
		String reason = sentence(ex.getMessage());
		String message = switch (ex.kind()) {
			case UNSAFE -> "Unsafe model file, refused without running it: " + reason + (ex.offendingImports().isEmpty()
					? "" : " It imports " + String.join(", ", ex.offendingImports()) + ".");
			case UNSUPPORTED -> (ex.phase() == ModelRejectedException.Phase.DETECT) ? "Wrong format: " + reason
					+ " Modelhost serves scikit-learn pickles and joblib files, PMML, ONNX, Keras (.h5) and TorchScript."
					: "Unsupported model: " + reason;
			case INVALID -> "Invalid model file: " + reason;
			case TOO_LARGE -> "Model too large: " + reason;
			case TIMED_OUT -> "Model took too long: " + reason;
		};
		return (ex.hint() != null) ? message + " " + sentence(ex.hint()) : message;
	}

	private static String sentence(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		String sentence = Character.toUpperCase(text.charAt(0)) + text.substring(1);
		return sentence.endsWith(".") ? sentence : sentence + ".";
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
