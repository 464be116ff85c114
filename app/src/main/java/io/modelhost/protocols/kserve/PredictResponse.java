package io.modelhost.protocols.kserve;

import tools.jackson.databind.JsonNode;

/**
 * A prediction.
 *
 * @param predictions one per instance: a label or value, or a nested array; an object
 * keyed by output name for a model with several outputs
 */
record PredictResponse(JsonNode predictions) {

}
