package io.modelhost;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModulithStructureTests {

	/**
	 * The engine modules are libraries that share the application's base package, not
	 * application modules: the engine host, which the runtime wraps engines in, is a
	 * package of its own beyond the engine SPI's root.
	 */
	private final ApplicationModules modules = ApplicationModules.of(ModelhostApplication.class,
			JavaClass.Predicates.resideInAPackage("io.modelhost.engine.host.."));

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		this.modules.verify();
	}

	@Test
	void writesTheModuleDiagram() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
