package io.modelhost.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code modelhost login}: signs in with a username and password and stores the login's
 * tokens (the refresh token, and the access token while it lasts) for the other commands.
 */
@Command(name = "login", description = { "Sign in and remember the login for the other commands.",
		"Asks for the username and password on the terminal, or takes --username and --password-stdin.",
		"The tokens are stored in $XDG_CONFIG_HOME/modelhost/login.json (else ~/.config/modelhost), mode 0600." })
final class LoginCommand extends Subcommand implements Callable<Integer> {

	@Option(names = { "-u", "--username" }, paramLabel = "NAME", description = "Your username")
	@Nullable String username;

	@Option(names = "--password-stdin", description = "Read the password from standard input (its first line)")
	boolean passwordStdin;

	@Override
	public Integer call() {
		Modelhost root = root();
		String url = root.url();
		Console console = root.console();
		String name = this.username;
		if (name == null || name.isBlank()) {
			if (console == null) {
				throw CliException.usage("no terminal to ask on: give --username (and --password-stdin)");
			}
			name = console.readLine("Username: ");
			if (name == null || name.isBlank()) {
				throw CliException.usage("no username given");
			}
		}
		String password = password(console);
		Api api = new Api(url, new Api.Auth.None(), root.clock());
		JsonNode tokens = api.anonymous("/api/v1/auth/login",
				Json.MAPPER.createObjectNode().put("username", name.strip()).put("password", password));
		Config config = root.config();
		config.write(new Config.Login(url, name.strip(), "", null, null).withTokens(tokens, root.clock().instant()));
		Output output = output();
		if (output.json()) {
			output.print(Json.MAPPER.createObjectNode()
				.put("url", url)
				.put("username", name.strip())
				.put("config_file", config.file().toString()));
		}
		else {
			output.line("Logged in to " + url + " as " + name.strip() + " (saved in " + config.file() + ")");
		}
		return ExitCodes.OK;
	}

	private String password(@Nullable Console console) {
		if (this.passwordStdin) {
			try {
				String line = new BufferedReader(new InputStreamReader(root().in(), StandardCharsets.UTF_8)).readLine();
				if (line == null || line.isEmpty()) {
					throw CliException.usage("no password on standard input");
				}
				return line;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the password from standard input", ex);
			}
		}
		if (console == null) {
			throw CliException.usage("no terminal to ask on: give the password with --password-stdin");
		}
		char[] password = console.readPassword("Password: ");
		if (password == null || password.length == 0) {
			throw CliException.usage("no password given");
		}
		return new String(password);
	}

}
