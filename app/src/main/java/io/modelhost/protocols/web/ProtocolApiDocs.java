package io.modelhost.protocols.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The protocols' part of the served OpenAPI description, as what is actually served: OIP
 * tensor {@code data} as (nested) arrays of numbers, strings, booleans and nulls, the
 * inference request's schema, and the error answers of every protocol operation
 * ({@code {"error": "..."}} on {@code /v2} and {@code /v1}, MLflow's
 * {@code {"error_code", "message"}} on its scoring path).
 */
@Configuration(proxyBeanMethods = false)
class ProtocolApiDocs {

	static final String TENSOR_DATA = "TensorData";

	static final String PROTOCOL_ERROR = "ProtocolError";

	static final String MLFLOW_ERROR = "MlflowError";

	static final String INFERENCE_REQUEST = "InferenceRequest";

	private static final String REF = "#/components/schemas/";

	@Bean
	OpenApiCustomizer protocolSchemas() {
		return (api) -> {
			Components components = (api.getComponents() != null) ? api.getComponents() : new Components();
			api.setComponents(components);
			components.addSchemas(TENSOR_DATA, tensorData());
			components.addSchemas(PROTOCOL_ERROR, protocolError());
			components.addSchemas(MLFLOW_ERROR, mlflowError());
			components.addSchemas("InferenceRequestInput", requestInput());
			components.addSchemas("InferenceRequestOutput",
					new ObjectSchema().addProperty("name", new StringSchema().description("an output of the model"))
						.addProperty("parameters",
								parameters("binary_data",
										new BooleanSchema().description("true: answer this output as binary data")))
						.required(List.of("name")));
			components.addSchemas(INFERENCE_REQUEST, inferenceRequest());
			Schema<?> output = (components.getSchemas() != null) ? components.getSchemas().get("ResponseOutput") : null;
			if (output != null && output.getProperties() != null) {
				output.getProperties()
					.put("data", ref(TENSOR_DATA).description(
							"the elements, flat, row-major; left out when they " + "follow the JSON as binary data"));
				output.getProperties()
					.put("parameters", parameters("binary_data_size", new IntegerSchema().format("int64")
						.description("the output's elements follow the JSON as this many bytes of binary data")));
			}
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().forEach(ProtocolApiDocs::describeErrors);
		};
	}

	private static void describeErrors(String path, PathItem item) {
		boolean mlflow = path.startsWith("/api/v1/models/") && path.endsWith("/invocations");
		if (!ErrorMemberFilter.protocolPath(path) && !mlflow) {
			return;
		}
		for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
			Operation operation = entry.getValue();
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			operation.setResponses(responses);
			if (path.endsWith(":explain")) {
				responses.remove("200");
				responses.addApiResponse("501", error(PROTOCOL_ERROR, "explanations are not supported"));
			}
			if (path.endsWith("/infer") && operation.getRequestBody() != null
					&& operation.getRequestBody().getContent() != null) {
				MediaType json = operation.getRequestBody().getContent().get("application/json");
				if (json != null) {
					json.setSchema(ref(INFERENCE_REQUEST));
				}
			}
			String schema = mlflow ? MLFLOW_ERROR : PROTOCOL_ERROR;
			String description = mlflow ? "an error, as MLflow's scoring server answers it"
					: "an error: {\"error\": message}; answers made before the protocol's code runs (401, 403, "
							+ "404, 405, 429) also carry the RFC 9457 problem members";
			responses.addApiResponse("4XX", error(schema, description));
			responses.addApiResponse("5XX", error(schema, description));
		}
	}

	private static ApiResponse error(String schema, String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json", new MediaType().schema(ref(schema))));
	}

	/** (Nested) arrays of numbers, strings, booleans or nulls, row-major. */
	private static Schema<?> tensorData() {
		Schema<Object> element = new Schema<>();
		element.setAnyOf(List.of(new NumberSchema(), new StringSchema(), new BooleanSchema(), ref(TENSOR_DATA)));
		element.setNullable(true);
		return new ArraySchema().items(element)
			.description("A tensor's elements in row-major order, flat ([1, 2, 4, 5]) or nested ([[1, 2], [4, 5]]): "
					+ "numbers, strings (BYTES), booleans (BOOL), or null for a missing value");
	}

	private static Schema<?> protocolError() {
		return new ObjectSchema().addProperty("error", new StringSchema().description("what went wrong, safe to show"))
			.required(List.of("error"))
			.description("An error answer of the Open Inference Protocol and KServe V1");
	}

	private static Schema<?> mlflowError() {
		return new ObjectSchema()
			.addProperty("error_code", new StringSchema().description("MLflow's error code, e.g. BAD_REQUEST"))
			.addProperty("message", new StringSchema().description("what went wrong, safe to show"))
			.required(List.of("error_code", "message"))
			.description("An error answer of MLflow's scoring protocol");
	}

	private static Schema<?> requestInput() {
		return new ObjectSchema().addProperty("name", new StringSchema())
			.addProperty("shape", new ArraySchema().items(new IntegerSchema().format("int64")))
			.addProperty("datatype", new StringSchema().description("e.g. FP32, FP64, INT64, BOOL, BYTES"))
			.addProperty("parameters",
					parameters("binary_data_size",
							new IntegerSchema().format("int64")
								.description("instead of data: the tensor's elements follow the JSON as this many "
										+ "bytes of binary data")))
			.addProperty("data", ref(TENSOR_DATA).description("the elements, unless sent as binary data"))
			.required(List.of("name", "shape", "datatype"));
	}

	private static Schema<?> inferenceRequest() {
		return new ObjectSchema().addProperty("id", new StringSchema().description("echoed in the response"))
			.addProperty("parameters",
					parameters("binary_data_output",
							new BooleanSchema()
								.description("true: answer every output as binary data unless it says otherwise")))
			.addProperty("inputs", new ArraySchema().items(ref("InferenceRequestInput")).minItems(1))
			.addProperty("outputs",
					new ArraySchema().items(ref("InferenceRequestOutput"))
						.description("the outputs to return, in this order; all when left out"))
			.required(List.of("inputs"));
	}

	/**
	 * Parameters: those of Triton's binary tensor data extension, others accepted and
	 * ignored.
	 */
	private static Schema<?> parameters(String binaryParameter, Schema<?> schema) {
		return new ObjectSchema().addProperty(binaryParameter, schema)
			.description("the binary tensor data extension's parameter; others are accepted and ignored");
	}

	private static Schema<?> ref(String name) {
		return new Schema<>().$ref(REF + name);
	}

}
