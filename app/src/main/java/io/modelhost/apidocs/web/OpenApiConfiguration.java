package io.modelhost.apidocs.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.CurrentCaller;
import io.modelhost.apidocs.ModelOperations;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description: the management API, and for an authenticated caller one
 * operation per model of theirs their credential may be used with (other users' models,
 * and models outside an API key's scope, never appear).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** How many of the caller's models get their own operation (newest first). */
	private static final int MAX_MODEL_OPERATIONS = 100;

	@Bean
	OpenAPI openApi() {
		return new OpenAPI()
			.info(new Info().title("Modelhost API")
				.version("v1")
				.description("Upload a trained model file, get a secured, documented prediction endpoint. "
						+ "Errors are RFC 9457 problem details (application/problem+json). Fetch this document with "
						+ "your access token or API key to see an operation for each of your models.")
				.license(new License().name("AGPL-3.0-or-later").url("https://www.gnu.org/licenses/agpl-3.0.html")))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"))
			.addSecurityItem(new SecurityRequirement().addList("apiKey"));
	}

	/** Property names in schemas as the API writes them: snake_case. */
	@Bean
	ModelResolver modelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenApiCustomizer perModelOperations(ModelRegistry registry) {
		return (api) -> CurrentCaller.get().ifPresent((caller) -> {
			for (Model model : usable(registry, caller)) {
				api.path("/api/v1/models/" + model.id().value() + "/predict", ModelOperations.pathItem(model));
			}
		});
	}

	/**
	 * The caller's newest models their credential may be used with: for an API key
	 * limited to some models, those of them the caller still owns.
	 */
	private static List<Model> usable(ModelRegistry registry, Caller caller) {
		if (caller.modelScope().isEmpty()) {
			ModelQuery newest = new ModelQuery(null, null, null, ModelQuery.Sort.CREATED_AT, true, 0,
					MAX_MODEL_OPERATIONS);
			return registry.list(caller.userId(), newest).models();
		}
		var models = new ArrayList<Model>();
		for (String id : caller.modelScope()) {
			try {
				Model model = registry.get(caller.userId(), new ModelId(id));
				if (model.owner().equals(caller.userId())) {
					models.add(model);
				}
			}
			catch (ModelNotFoundException ex) {
				// deleted or archived since the key was made
			}
		}
		models.sort(Comparator.comparing(Model::createdAt).reversed());
		return models.subList(0, Math.min(MAX_MODEL_OPERATIONS, models.size()));
	}

}
