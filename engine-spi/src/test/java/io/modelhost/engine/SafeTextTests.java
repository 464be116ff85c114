package io.modelhost.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTests {

	@Test
	void replacesAbsolutePaths() {
		assertThat(SafeText.clean("Load model from /var/lib/modelhost/tmp/abc/original failed: bad proto"))
			.isEqualTo("Load model from <file> failed: bad proto");
	}

	@Test
	void keepsDottedPythonNames() {
		assertThat(SafeText.clean("Python class sklearn.svm._classes.SVC is not supported"))
			.isEqualTo("Python class sklearn.svm._classes.SVC is not supported");
	}

	@Test
	void keepsOnlyTheFirstLineAndBoundsTheLength() {
		assertThat(SafeText.clean("first\n\tat org.example.Foo.bar(Foo.java:1)")).isEqualTo("first");
		assertThat(SafeText.clean("x".repeat(1000))).hasSize(300);
	}

	@Test
	void describesTheCauseWhenTheOuterMessageIsEmpty() {
		assertThat(SafeText.describe(new RuntimeException(new IllegalStateException("inner /tmp/a/b"))))
			.isEqualTo("inner <file>");
	}

}
