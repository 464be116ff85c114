package io.modelhost.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionTests {

	@Test
	void showsTitleStatusDetailErrorsAndHint() {
		ApiException refused = new ApiException(415, Json.MAPPER.readTree("""
				{"type": "https://modelhost.io/problems/unsupported-format", "title": "Unsupported model format",
				 "status": 415, "detail": "The file is not a model format served here.",
				 "errors": [{"pointer": "/file", "detail": "not recognised"}],
				 "hint": "Export it as ONNX."}"""), "");
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(refused.getMessage().lines()).containsExactly("Unsupported model format (415)",
				"The file is not a model format served here.", "  /file: not recognised", "Hint: Export it as ONNX.");
	}

	@Test
	void showsTheLinesOfARefusedDataset() {
		ApiException refused = new ApiException(422,
				Json.MAPPER.readTree(
						"""
								{"title": "Invalid dataset", "detail": "2 problems", "errors": [{"line": 3, "detail": "3 fields, not 4"}]}
								"""),
				"");
		assertThat(refused.getMessage()).contains("  line 3: 3 fields, not 4");
	}

	@Test
	void showsAnAnswerThatIsNoProblemAsText() {
		assertThat(new ApiException(502, null, "<html>Bad gateway</html>").getMessage())
			.isEqualTo("the server answered 502: <html>Bad gateway</html>");
	}

}
