package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The style sheet's focus ring is visible (at least 3:1 against the surfaces it is drawn
 * on, in the light and the dark scheme), and every kind of field is styled like a text
 * field.
 */
class StylesheetTests {

	private static final Path CSS = Path.of("src/main/resources/static/css/dashboard.css");

	private static final Pattern VARIABLE = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6})\\s*;");

	@Test
	void theFocusRingStandsOutAgainstWhiteAndThePageInBothSchemes() throws IOException {
		String css = Files.readString(CSS);
		int dark = css.indexOf("@media (prefers-color-scheme: dark)");
		assertThat(dark).isPositive();
		Map<String, String> light = variables(css.substring(0, dark));
		Map<String, String> darkScheme = new LinkedHashMap<>(light);
		darkScheme
			.putAll(variables(css.substring(dark, css.indexOf('}', css.indexOf('{', css.indexOf(":root", dark))))));
		assertThat(contrast(light.get("focus"), "#ffffff")).as("light focus on white").isGreaterThanOrEqualTo(3);
		assertThat(contrast(light.get("focus"), light.get("bg"))).as("light focus on the page")
			.isGreaterThanOrEqualTo(3);
		assertThat(contrast(light.get("focus"), light.get("surface"))).as("light focus on a card")
			.isGreaterThanOrEqualTo(3);
		assertThat(contrast(darkScheme.get("focus"), darkScheme.get("bg"))).as("dark focus on the page")
			.isGreaterThanOrEqualTo(3);
		assertThat(contrast(darkScheme.get("focus"), darkScheme.get("surface"))).as("dark focus on a card")
			.isGreaterThanOrEqualTo(3);
		assertThat(css).contains(":focus-visible { outline: 3px solid var(--focus)");
		// the check itself: the old amber fails it
		assertThat(contrast("#f2b807", "#ffffff")).isLessThan(3);
	}

	@Test
	void selectNumberAndUrlFieldsAreStyledLikeTextFields() throws IOException {
		String css = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(Files.readString(CSS)).replaceAll("");
		Matcher rule = Pattern.compile("([^{}]*input\\[type=text\\][^{}]*)\\{([^}]*)\\}").matcher(css);
		assertThat(rule.find()).isTrue();
		List<String> selectors = List.of(rule.group(1).split(",")).stream().map(String::strip).toList();
		assertThat(selectors).contains("input[type=text]", "input[type=number]", "input[type=url]", "select",
				"input[type=search]", "textarea");
		assertThat(rule.group(2)).contains("border: 1px solid var(--border)").contains("background: var(--bg)");
	}

	private static Map<String, String> variables(String css) {
		var found = new LinkedHashMap<String, String>();
		Matcher matcher = VARIABLE.matcher(css);
		while (matcher.find()) {
			found.put(matcher.group(1), matcher.group(2));
		}
		return found;
	}

	/** The WCAG contrast ratio of two colours. */
	static double contrast(String a, String b) {
		double la = luminance(a);
		double lb = luminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	private static double luminance(String hex) {
		double[] rgb = new double[3];
		for (int i = 0; i < 3; i++) {
			double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
			rgb[i] = (c <= 0.03928) ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	}

}
