package io.modelhost.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code modelhost completion}: the bash (and zsh) completion script. */
@Command(name = "completion", description = { "Print the shell completion script, for bash and zsh:",
		"  source <(modelhost completion)",
		"or save it as /etc/bash_completion.d/modelhost (or ~/.local/share/bash-completion/completions/modelhost)." })
final class CompletionCommand extends Subcommand implements Callable<Integer> {

	@Override
	public Integer call() {
		output().writer().print(AutoComplete.bash("modelhost", this.spec.root().commandLine()));
		output().writer().flush();
		return ExitCodes.OK;
	}

}
