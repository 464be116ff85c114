package io.modelhost.serving;

import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context stopped and started again (as Spring's test framework pauses cached contexts)
 * serves again: the drained queues are not left refusing with 503.
 */
@DirtiesContext
class ContextRestartTests extends HttpTests {

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void servesAgainAfterAStopAndAStart() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		var row = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });
		assertThat(user.post(predictPath(model), row).status()).isEqualTo(200);

		this.context.stop();
		this.context.start();

		int port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		ApiClient again = ApiClient.anonymous(port).with("Authorization", user.header("Authorization"));
		ApiClient.Response predicted = again.post(predictPath(model), row);
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
	}

}
