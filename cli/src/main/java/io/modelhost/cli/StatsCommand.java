package io.modelhost.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import io.modelhost.cli.Output.Column;

/** {@code modelhost stats}: a model's requests, outcomes and latency over a period. */
@Command(name = "stats", description = "A model's usage: requests, outcomes and latency over a period.")
final class StatsCommand extends Subcommand implements Callable<Integer> {

	private static final Pattern PERIOD = Pattern.compile("(\\d+)\\s*(m|min|h|d|w)", Pattern.CASE_INSENSITIVE);

	@Parameters(paramLabel = "MODEL", description = "The model's id or name")
	String model;

	@Option(names = "--period", paramLabel = "PERIOD", defaultValue = "24h",
			description = "How far back: 30m, 6h, 7d, 2w (default: ${DEFAULT-VALUE})")
	String period;

	@Option(names = "--bucket", paramLabel = "minute|hour|day", description = "The series' step (json output)")
	@Nullable String bucket;

	@Override
	public Integer call() {
		Duration length = period(this.period);
		String id = root().modelId(this.model);
		Instant to = root().clock().instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
		JsonNode stats = api().get("/api/v1/models/" + id + "/stats"
				+ new Query().with("from", to.minus(length)).with("to", to).with("bucket", this.bucket));
		output().fields(stats,
				List.of(Column.of("From", "from"), Column.of("To", "to"), Column.of("Requests", "/period/total"),
						Column.of("Succeeded", "/period/success"), Column.of("Client errors", "/period/client_error"),
						Column.of("Server errors", "/period/server_error"),
						new Column("Success rate", (s) -> percent(s.at("/period/success_rate"))),
						new Column("Latency ms", (s) -> latency(s.path("latency"))),
						Column.of("Requests ever", "total_requests"), Column.of("Last 24 h", "requests_last24h"),
						Column.of("Last request", "last_request_at")));
		return ExitCodes.OK;
	}

	/** A period such as 30m, 6h, 7d or 2w. */
	static Duration period(String text) {
		Matcher matcher = PERIOD.matcher(text.strip());
		if (!matcher.matches()) {
			throw CliException.usage("--period takes a number and m, h, d or w (30m, 6h, 7d, 2w), not '" + text + "'");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration length = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
			case "m", "min" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> Duration.ofDays(7 * amount);
		};
		if (length.isZero()) {
			throw CliException.usage("--period must be longer than nothing");
		}
		return length;
	}

	private static String percent(JsonNode rate) {
		return rate.isNumber() ? String.format(Locale.ROOT, "%.1f %%", rate.asDouble() * 100) : "-";
	}

	private static String latency(JsonNode latency) {
		if (!latency.isObject()) {
			return "-";
		}
		return String.format(Locale.ROOT, "avg %.1f · p50 %.1f · p95 %.1f · p99 %.1f · max %.1f",
				latency.path("avg_ms").asDouble(), latency.path("p50_ms").asDouble(), latency.path("p95_ms").asDouble(),
				latency.path("p99_ms").asDouble(), latency.path("max_ms").asDouble());
	}

}
