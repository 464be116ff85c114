package io.modelhost.protocols.oip;

import java.time.Duration;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.scheduling.ShuttingDownException;
import io.modelhost.serving.ModelUnavailableException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class OipErrorsTests {

	private final OipErrors errors = new OipErrors();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v2/models/m/infer");

	@Test
	void answersCapacityProblemsWith503AndRetryAfter() {
		for (Exception ex : List.of(new QueueFullException(8), new ShuttingDownException())) {
			ResponseEntity<Object> response = this.errors.handle(ex, this.request);
			assertThat(response.getStatusCode().value()).isEqualTo(503);
			assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		}
		assertThat(error(new QueueFullException(8))).contains("8 predictions waiting");
	}

	@Test
	void mapsEachFailureToItsStatus() {
		assertThat(this.errors.handle(new DeadlineExceededException(Duration.ofMillis(250)), this.request)
			.getStatusCode()
			.value()).isEqualTo(504);
		assertThat(this.errors.handle(new InsufficientMemoryException(3 << 20, 1 << 20), this.request)
			.getStatusCode()
			.value()).isEqualTo(507);
		assertThat(this.errors.handle(new ModelUnavailableException("cannot load /data/x.onnx", null), this.request)
			.getStatusCode()
			.value()).isEqualTo(503);
		assertThat(
				this.errors.handle(new InvalidInputException(List.of(new InputProblem("/inputs", "bad"))), this.request)
					.getStatusCode()
					.value())
			.isEqualTo(400);
		assertThat(error(new DeadlineExceededException(Duration.ofMillis(250)))).contains("250 ms");
	}

	@Test
	void saysNothingAboutTheServersInsides() {
		String failed = error(new PredictionFailedException("Reshape node at /opt/x failed",
				new IllegalStateException("java.lang.IllegalStateException")));
		String unavailable = error(new ModelUnavailableException("cannot load /data/x.onnx", null));
		String unexpected = error(new NullPointerException("Cannot invoke \"io.modelhost.Foo.bar()\""));
		for (String message : List.of(failed, unavailable, unexpected)) {
			assertThat(message).doesNotContain("/opt")
				.doesNotContain("/data")
				.doesNotContain("Exception")
				.doesNotContain("io.modelhost");
		}
	}

	private String error(Exception ex) {
		return ((ErrorResponse) this.errors.handle(ex, this.request).getBody()).error();
	}

}
