package io.modelhost.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The {@code modelhost} command: the Modelhost HTTP API from a terminal or a script. It
 * holds the options every command takes and what the commands share (the API client, the
 * stored login, output and progress).
 */
@Command(name = "modelhost", mixinStandardHelpOptions = true, versionProvider = Modelhost.Version.class,
		description = "Deploy models, predict, train and manage your Modelhost account from the command line.",
		footer = { "", "Exit codes: 0 done, 1 usage, 2 the server refused (its reason is printed), 3 unreachable.",
				"Environment: MODELHOST_URL, MODELHOST_TOKEN (an access token), MODELHOST_API_KEY (an API key),",
				"XDG_CONFIG_HOME (where 'login' keeps its tokens: $XDG_CONFIG_HOME/modelhost, else ~/.config/modelhost)." },
		subcommands = { LoginCommand.class, LogoutCommand.class, DeployCommand.class, ModelsCommand.class,
				PredictCommand.class, KeysCommand.class, DatasetsCommand.class, TrainCommand.class, StatsCommand.class,
				CompletionCommand.class })
public final class Modelhost implements Callable<Integer> {

	/** Where the CLI talks to when nothing else says. */
	static final String DEFAULT_URL = "http://localhost:8080";

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	@Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
			description = "The server (default: MODELHOST_URL, else the URL you logged in to, else " + DEFAULT_URL
					+ ")")
	@Nullable String url;

	@Option(names = { "-o", "--output" }, scope = ScopeType.INHERIT, paramLabel = "table|json", defaultValue = "table",
			description = "table (default) or json: the server's JSON, for scripts")
	Output.Format output = Output.Format.table;

	@Option(names = "--no-progress", scope = ScopeType.INHERIT,
			description = "Never draw progress bars (they are drawn only on a terminal anyway)")
	boolean noProgress;

	@Spec
	@Nullable CommandSpec spec;

	private final Map<String, String> env;

	private final PrintWriter out;

	private final PrintWriter err;

	private final InputStream in;

	private final @Nullable Console console;

	private final boolean errTerminal;

	private final Clock clock;

	private @Nullable Api api;

	Modelhost(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, @Nullable Console console,
			boolean errTerminal, Clock clock) {
		this.env = env;
		this.out = out;
		this.err = err;
		this.in = in;
		this.console = console;
		this.errTerminal = errTerminal;
		this.clock = clock;
	}

	public static void main(String[] args) {
		Console console = System.console();
		Console terminal = (console != null && console.isTerminal()) ? console : null;
		PrintWriter out = new PrintWriter(new PrintStream(System.out, true, StandardCharsets.UTF_8), true);
		PrintWriter err = new PrintWriter(new PrintStream(System.err, true, StandardCharsets.UTF_8), true);
		int code = execute(new Modelhost(System.getenv(), out, err, System.in, terminal, stderrIsTerminal(terminal),
				Clock.systemUTC()), args);
		out.flush();
		err.flush();
		System.exit(code);
	}

	/**
	 * Whether standard error is a terminal: on Linux what its file descriptor links to,
	 * elsewhere whether the console is one.
	 */
	private static boolean stderrIsTerminal(@Nullable Console console) {
		try {
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
			return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return console != null;
		}
	}

	/** Runs a command line and answers its exit code; never throws. */
	static int execute(Modelhost modelhost, String... args) {
		CommandLine commandLine = commandLine(modelhost);
		return commandLine.execute(args);
	}

	static CommandLine commandLine(Modelhost modelhost) {
		CommandLine commandLine = new CommandLine(modelhost);
		commandLine.setOut(modelhost.out);
		commandLine.setErr(modelhost.err);
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setParameterExceptionHandler((ex, args) -> {
			PrintWriter err = ex.getCommandLine().getErr();
			err.println("modelhost: " + ex.getMessage());
			if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
				err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
			}
			err.flush();
			return ExitCodes.USAGE;
		});
		commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
			PrintWriter err = cl.getErr();
			int code;
			if (ex instanceof CliException cli) {
				err.println("modelhost: " + cli.getMessage());
				code = cli.exitCode();
			}
			else if (ex instanceof UncheckedIOException io) {
				err.println("modelhost: " + io.getMessage()
						+ ((io.getCause() != null) ? " (" + io.getCause().getMessage() + ")" : ""));
				code = ExitCodes.USAGE;
			}
			else {
				err.println("modelhost: unexpected error: " + ex);
				if (modelhost.env.containsKey("MODELHOST_DEBUG")) {
					ex.printStackTrace(err);
				}
				code = ExitCodes.USAGE;
			}
			err.flush();
			return code;
		});
		commandLine.setExitCodeExceptionMapper((ex) -> ExitCodes.USAGE);
		return commandLine;
	}

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.err);
		return ExitCodes.USAGE;
	}

	/**
	 * The server's URL: the option, MODELHOST_URL, the stored login's, or the default.
	 */
	String url() {
		if (this.url != null && !this.url.isBlank()) {
			return Api.normalize(this.url);
		}
		String fromEnv = this.env.get("MODELHOST_URL");
		if (fromEnv != null && !fromEnv.isBlank()) {
			return Api.normalize(fromEnv);
		}
		return config().read().map(Config.Login::url).map(Api::normalize).orElse(DEFAULT_URL);
	}

	/** The API as the environment or the stored login authenticates. */
	Api api() {
		if (this.api == null) {
			this.api = new Api(url(), auth(), this.clock);
		}
		return this.api;
	}

	private Api.Auth auth() {
		String token = this.env.get("MODELHOST_TOKEN");
		if (token != null && !token.isBlank()) {
			return new Api.Auth.Bearer(token.strip());
		}
		String key = this.env.get("MODELHOST_API_KEY");
		if (key != null && !key.isBlank()) {
			return new Api.Auth.Key(key.strip());
		}
		return new Api.Auth.Stored(config());
	}

	Config config() {
		return Config.of(this.env);
	}

	Output output() {
		return new Output(this.out, this.output);
	}

	PrintWriter err() {
		return this.err;
	}

	InputStream in() {
		return this.in;
	}

	@Nullable Console console() {
		return this.console;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Whether progress may be drawn: when standard error is a terminal, unless
	 * --no-progress.
	 */
	boolean progressShown() {
		return this.errTerminal && !this.noProgress;
	}

	Progress progress(String label) {
		return new Progress(this.err, progressShown(), label);
	}

	/** A note for the user on standard error (standard output stays for results). */
	void note(String text) {
		this.err.println(text);
		this.err.flush();
	}

	/**
	 * A model's id from an id or from the name of one of your models (names need an
	 * access token: API keys cannot list models).
	 */
	String modelId(String reference) {
		return modelId(reference, false);
	}

	/** A model's id from its id or name, among your archived models or your live ones. */
	String modelId(String reference, boolean archived) {
		if (UUID.matcher(reference).matches()) {
			return reference.toLowerCase(java.util.Locale.ROOT);
		}
		if (api().auth() instanceof Api.Auth.Key) {
			throw CliException.usage("with an API key, name the model by its id (a UUID), not '" + reference + "'");
		}
		JsonNode page = api()
			.get("/api/v1/models?size=100&name=" + Query.encode(reference) + (archived ? "&archived=true" : ""));
		for (JsonNode model : page.path("items")) {
			if (reference.equals(model.path("name").asString())) {
				return model.path("id").asString();
			}
		}
		throw new ApiException("you have no " + (archived ? "archived " : "") + "model named '" + reference
				+ "' (give its name exactly, or its id)");
	}

	/** The version given by the build. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Modelhost.class.getPackage().getImplementationVersion();
			return new String[] { "modelhost " + ((version != null) ? version : "(development build)") };
		}

	}

}
