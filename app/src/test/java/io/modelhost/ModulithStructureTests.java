package io.modelhost;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModulithStructureTests {

	/**
	 * The engines' and trainers' packages are Maven modules (io.modelhost.engine..,
	 * io.modelhost.trainer..) whose public types are their API, not application modules
	 * with internals: engine-host's types are meant for the runtime. The command line
	 * (io.modelhost.cli) is on the tests' classpath only, to be run against the server.
	 */
	private final ApplicationModules modules = ApplicationModules.of(ModelhostApplication.class, JavaClass.Predicates
		.resideInAnyPackage("io.modelhost.engine..", "io.modelhost.trainer..", "io.modelhost.cli.."));

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		this.modules.verify();
	}

	@Test
	void writesTheModuleDiagram() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
