package io.modelhost.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.datasets.DatasetId;
import io.modelhost.jobs.InvalidJobParametersException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@code evaluation} or {@code comparison} job scores, as checked at submission:
 * the models (each version fixed then, so that every batch scores the same one), the
 * dataset and its target, the task, and the credential's model scope, so that the job
 * scores with the rights the request had.
 *
 * @param models the models, in the order asked; one for an evaluation
 * @param datasetId the dataset
 * @param datasetName its name, for reading
 * @param images whether the dataset is an image dataset (its labels are the target)
 * @param target the target column of a tabular dataset; null for images
 * @param regression whether the models predict numbers rather than labels
 * @param apiKeyId the API key the request came with, or null for an access token
 * @param modelScope that key's model scope, empty when it has none
 */
public record AnalysisParameters(List<ModelRef> models, DatasetId datasetId, String datasetName, boolean images,
		@Nullable String target, boolean regression, @Nullable String apiKeyId, List<String> modelScope) {

	public AnalysisParameters {
		models = List.copyOf(models);
		modelScope = List.copyOf(modelScope);
		if (models.isEmpty()) {
			throw new IllegalArgumentException("an analysis scores at least one model");
		}
		if (images == (target != null)) {
			throw new IllegalArgumentException("a tabular dataset needs a target and an image dataset none");
		}
	}

	/** The caller the job scores as: the submitter, with the credential's scope. */
	public Caller caller(UserId owner) {
		return (this.apiKeyId != null) ? Caller.withApiKey(owner, this.apiKeyId, this.modelScope)
				: Caller.withToken(owner, false);
	}

	/** classification or regression. */
	public String task() {
		return this.regression ? "regression" : "classification";
	}

	public ObjectNode toJson() {
		ObjectNode json = JsonNodeFactory.instance.objectNode();
		ArrayNode models = json.putArray("models");
		for (ModelRef model : this.models) {
			models.addObject()
				.put("model_id", model.modelId())
				.put("version", model.version())
				.put("name", model.name());
		}
		json.put("dataset_id", this.datasetId.value());
		json.put("dataset_name", this.datasetName);
		json.put("kind", this.images ? "images" : "tabular");
		json.put("target", this.target);
		json.put("task", task());
		json.put("api_key_id", this.apiKeyId);
		ArrayNode scope = json.putArray("model_scope");
		this.modelScope.forEach(scope::add);
		return json;
	}

	/**
	 * Reads stored parameters.
	 * @throws InvalidJobParametersException if they are not an analysis's
	 */
	public static AnalysisParameters of(JsonNode json) {
		try {
			var models = new ArrayList<ModelRef>();
			for (JsonNode model : json.path("models")) {
				models.add(new ModelRef(text(model, "model_id"), model.path("version").asInt(),
						model.path("name").asString("")));
			}
			var scope = new ArrayList<String>();
			json.path("model_scope").forEach((id) -> scope.add(id.asString()));
			boolean images = "images".equals(text(json, "kind"));
			return new AnalysisParameters(models, new DatasetId(text(json, "dataset_id")),
					json.path("dataset_name").asString(""), images, images ? null : text(json, "target"),
					"regression".equals(text(json, "task")),
					json.path("api_key_id").isString() ? json.get("api_key_id").asString() : null, scope);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException("parameters", "not an analysis's parameters: " + ex.getMessage());
		}
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || !value.isString()) {
			throw new IllegalArgumentException(field + " is missing");
		}
		return value.asString();
	}

	/**
	 * One model version an analysis scores.
	 *
	 * @param modelId the model
	 * @param version the version, fixed at submission
	 * @param name the model's name then, for reading
	 */
	public record ModelRef(String modelId, int version, String name) {

	}

}
