package io.modelhost.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code modelhost logout}: ends the stored login on the server and forgets it. */
@Command(name = "logout", description = "End the stored login on the server and delete it from this computer.")
final class LogoutCommand extends Subcommand implements Callable<Integer> {

	@Override
	public Integer call() {
		Modelhost root = root();
		Config config = root.config();
		Optional<Config.Login> login = config.read();
		if (login.isEmpty()) {
			output().line("Not logged in.");
			return ExitCodes.OK;
		}
		try {
			new Api(login.get().url(), new Api.Auth.None(), root.clock()).anonymous("/api/v1/auth/logout",
					Json.MAPPER.createObjectNode().put("refresh_token", login.get().refreshToken()));
		}
		catch (CliException ex) {
			// the login is forgotten here all the same; on the server it ends when it
			// expires
			root.note("modelhost: the server did not end the login (" + ex.getMessage().lines().findFirst().orElse("")
					+ "); it is forgotten here and expires by itself");
		}
		config.delete();
		output().line("Logged out of " + login.get().url() + ".");
		return ExitCodes.OK;
	}

}
