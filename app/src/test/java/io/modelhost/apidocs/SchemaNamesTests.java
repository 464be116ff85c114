package io.modelhost.apidocs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document names each request and response schema by its simple class name:
 * two controllers' records of the same name would silently share one schema (one endpoint
 * then documented, and swept, with the other's fields). Keep the names apart.
 */
class SchemaNamesTests {

	@Test
	void everyControllersRecordsHaveNamesOfTheirOwn() throws ClassNotFoundException {
		var scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		Map<String, List<String>> owners = new HashMap<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.modelhost")) {
			Class<?> controller = Class.forName(candidate.getBeanClassName());
			for (Class<?> nested : controller.getDeclaredClasses()) {
				if (nested.isRecord()) {
					owners.computeIfAbsent(nested.getSimpleName(), (name) -> new ArrayList<>())
						.add(controller.getSimpleName());
				}
			}
		}
		assertThat(owners).isNotEmpty();
		assertThat(owners).allSatisfy((name, controllers) -> assertThat(controllers).as(name).hasSize(1));
	}

}
