package io.modelhost.protocols.mlflow;

import tools.jackson.databind.JsonNode;

/**
 * MLflow's scoring answer.
 *
 * @param predictions one per row: a label or value, or a nested array; for a model with
 * several outputs an object of them keyed by output name
 */
record ScoringResponse(JsonNode predictions) {

}
