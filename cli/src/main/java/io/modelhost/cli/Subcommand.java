package io.modelhost.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command reaches through the top-level {@link Modelhost}. */
abstract class Subcommand {

	@Spec
	CommandSpec spec;

	Modelhost root() {
		return (Modelhost) this.spec.root().userObject();
	}

	Api api() {
		return root().api();
	}

	Output output() {
		return root().output();
	}

}
