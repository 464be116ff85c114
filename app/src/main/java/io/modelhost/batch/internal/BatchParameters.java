package io.modelhost.batch.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.datasets.DatasetId;
import io.modelhost.jobs.InvalidJobParametersException;
import io.modelhost.registry.ModelId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a batch job is asked to do, as stored with the job: the model version fixed at
 * submission, the dataset, and the credential it was submitted with (an API key's id and
 * model scope), so that every chunk is checked as that caller's request would be.
 *
 * @param modelId the model
 * @param modelVersion the version scored with, resolved at submission
 * @param datasetId the rows
 * @param datasetName the dataset's name, for display
 * @param rowsTotal the dataset's rows
 * @param apiKeyId the API key it was submitted with, if any
 * @param modelScope that key's model scope; empty for none
 */
public record BatchParameters(ModelId modelId, int modelVersion, DatasetId datasetId, String datasetName,
		long rowsTotal, @Nullable String apiKeyId, List<String> modelScope) {

	public BatchParameters {
		modelScope = List.copyOf(modelScope);
	}

	/** The submitter, as the predictor checks them. */
	public Caller caller(UserId owner) {
		return (this.apiKeyId != null) ? Caller.withApiKey(owner, this.apiKeyId, this.modelScope)
				: Caller.withToken(owner, false);
	}

	public ObjectNode toJson() {
		ObjectNode json = JsonNodeFactory.instance.objectNode()
			.put("model_id", this.modelId.value())
			.put("model_version", this.modelVersion)
			.put("dataset_id", this.datasetId.value())
			.put("dataset_name", this.datasetName)
			.put("rows_total", this.rowsTotal);
		if (this.apiKeyId != null) {
			json.put("api_key_id", this.apiKeyId);
			this.modelScope.forEach(json.putArray("model_scope")::add);
		}
		return json;
	}

	/**
	 * @throws InvalidJobParametersException if the document is not one this module wrote
	 */
	public static BatchParameters of(JsonNode json) {
		try {
			var scope = new ArrayList<String>();
			json.path("model_scope").forEach((id) -> scope.add(id.asString()));
			JsonNode key = json.get("api_key_id");
			return new BatchParameters(new ModelId(json.path("model_id").asString()),
					json.path("model_version").asInt(), DatasetId.parse(json.path("dataset_id").asString()),
					json.path("dataset_name").asString(""), json.path("rows_total").asLong(),
					(key != null && key.isString()) ? key.asString() : null, scope);
		}
		catch (RuntimeException ex) {
			throw new InvalidJobParametersException("model_id", "not a batch prediction's parameters");
		}
	}

}
