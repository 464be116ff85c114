package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Thymeleaf templates and the dashboard's scripts within the
 * Content-Security-Policy ({@code script-src 'self'; style-src 'self'}): no inline
 * script, no inline event handler, no inline style, no {@code javascript:} URL, no
 * unescaped output, and no {@code eval} in our scripts. A template that brings one back
 * fails here, naming the file and line, before a browser refuses it.
 */
class TemplateHygieneTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Path SCRIPTS = Path.of("src/main/resources/static/js");

	/** What the policy would refuse in a template, by what it is. */
	private static final Map<String, Pattern> FORBIDDEN = Map.of(
			// a script element without src: inline code, or a data block
			"inline <script>",
			Pattern.compile("<script(?![^>]*\\bth:src=|[^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
			"inline event handler", Pattern.compile("\\s(th:)?on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
			"inline style attribute", Pattern.compile("\\s(th:)?style\\s*=", Pattern.CASE_INSENSITIVE),
			"<style> element", Pattern.compile("<style[\\s>]", Pattern.CASE_INSENSITIVE), "javascript: URL",
			Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE), "htmx inline handler",
			Pattern.compile("\\shx-on", Pattern.CASE_INSENSITIVE), "unescaped output (th:utext)",
			Pattern.compile("th:utext|\\[\\(", Pattern.CASE_INSENSITIVE), "inlined JavaScript",
			Pattern.compile("th:inline\\s*=\\s*\"javascript\"", Pattern.CASE_INSENSITIVE));

	@Test
	void templatesHoldNoInlineScriptHandlerOrStyle() throws IOException {
		List<String> found = scan(TEMPLATES, ".html", FORBIDDEN);
		assertThat(found).as("move it to a file under static/js or static/css").isEmpty();
	}

	@Test
	void scriptsNeitherEvaluateStringsNorWriteStyleAttributes() throws IOException {
		List<String> found = scan(SCRIPTS, ".js",
				Map.of("eval", Pattern.compile("\\beval\\s*\\(|new\\s+Function\\s*\\("), "string timer",
						Pattern.compile("set(Timeout|Interval)\\s*\\(\\s*['\"]"), "style attribute",
						Pattern.compile("setAttribute\\s*\\(\\s*['\"]style['\"]")));
		assertThat(found).isEmpty();
	}

	@Test
	void theScanFindsWhatItLooksFor() {
		// the patterns themselves must catch what they name, or the scans above prove
		// nothing
		assertThat(matches("<script>alert(1)</script>")).containsExactly("inline <script>");
		assertThat(matches("<script type=\"application/json\" id=\"x\">{}</script>"))
			.containsExactly("inline <script>");
		assertThat(matches("<button onclick=\"go()\">")).containsExactly("inline event handler");
		assertThat(matches("<p th:onclick=\"${x}\">")).containsExactly("inline event handler");
		assertThat(matches("<div style=\"color:red\">")).containsExactly("inline style attribute");
		assertThat(matches("<div th:utext=\"${x}\">")).containsExactly("unescaped output (th:utext)");
		assertThat(matches("<a href=\"javascript:go()\">")).containsExactly("javascript: URL");
		assertThat(matches("<script defer th:src=\"@{/js/dashboard.js}\"></script>")).isEmpty();
		assertThat(matches("<div id=\"chart-data\" hidden th:data-chart=\"${chartData}\">")).isEmpty();
		assertThat(matches("<button type=\"submit\" class=\"link\">")).isEmpty();
	}

	private static List<String> matches(String html) {
		return FORBIDDEN.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().matcher(html).find())
			.map(Map.Entry::getKey)
			.toList();
	}

	private static List<String> scan(Path root, String suffix, Map<String, Pattern> forbidden) throws IOException {
		assertThat(root).isDirectory();
		var found = new ArrayList<String>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter((file) -> file.toString().endsWith(suffix)).sorted().toList();
		}
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			String text = Files.readString(file);
			for (var entry : forbidden.entrySet()) {
				Matcher matcher = entry.getValue().matcher(text);
				while (matcher.find()) {
					int line = 1 + (int) text.substring(0, matcher.start()).chars().filter((c) -> c == '\n').count();
					found.add(root.relativize(file) + ":" + line + ": " + entry.getKey() + ": " + matcher.group());
				}
			}
		}
		return found;
	}

}
