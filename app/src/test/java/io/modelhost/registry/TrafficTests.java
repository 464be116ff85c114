package io.modelhost.registry;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** How a traffic split routes one request. */
class TrafficTests {

	@Test
	void aStickySplitRoutesAKeyAlwaysTheSameWayAndSpreadsKeysByTheirShare() {
		var traffic = new Traffic(3, 20, null, true, Instant.now());
		int canary = 0;
		for (int i = 0; i < 10_000; i++) {
			String key = UUID.randomUUID().toString();
			Integer first = traffic.route(key);
			for (int again = 0; again < 5; again++) {
				assertThat(traffic.route(key)).isEqualTo(first);
			}
			canary += (first != null) ? 1 : 0;
		}
		assertThat(canary).as("20% of 10,000 keys").isBetween(1_800, 2_200);
	}

	@Test
	void withoutACanaryEveryRequestGoesToProduction() {
		var shadowOnly = new Traffic(null, 0, 4, false, Instant.now());
		assertThat(shadowOnly.productionPercent()).isEqualTo(100);
		for (int i = 0; i < 1_000; i++) {
			assertThat(shadowOnly.route("key")).isNull();
		}
	}

	@Test
	void aCanaryTakesOneToNinetyNinePercent() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Traffic(3, 0, null, false, Instant.now()));
		assertThatIllegalArgumentException().isThrownBy(() -> new Traffic(3, 100, null, false, Instant.now()));
		assertThatIllegalArgumentException().isThrownBy(() -> new Traffic(null, 10, null, false, Instant.now()));
		assertThat(new Traffic(3, 99, null, false, Instant.now()).productionPercent()).isEqualTo(1);
	}

}
