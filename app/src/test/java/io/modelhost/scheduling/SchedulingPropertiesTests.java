package io.modelhost.scheduling;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SchedulingPropertiesTests {

	private final SchedulingProperties properties = new SchedulingProperties(100, 2, 32, Duration.ofMillis(2),
			Duration.ofSeconds(10), Duration.ofSeconds(20),
			Map.of("cnn-unbatched", new SchedulingProperties.Overrides(null, null, 1, null, null),
					"00000000-0000-0000-0000-000000000001",
					new SchedulingProperties.Overrides(5, null, null, null, Duration.ofSeconds(1))));

	@Test
	void appliesOverridesGivenByNameOrIdOverTheDefaults() {
		ModelSettings byName = this.properties.settingsFor("00000000-0000-0000-0000-000000000002", "cnn-unbatched");
		assertThat(byName.maxBatchSize()).isEqualTo(1);
		assertThat(byName.queueCapacity()).isEqualTo(100);
		ModelSettings byId = this.properties.settingsFor("00000000-0000-0000-0000-000000000001", "cnn-unbatched");
		assertThat(byId.queueCapacity()).isEqualTo(5);
		assertThat(byId.maxBatchSize()).as("an id's overrides win over a name's").isEqualTo(32);
		assertThat(byId.deadline()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.properties.settingsFor("x", "other").workers()).isEqualTo(2);
	}

	@Test
	void refusesSettingsThatCannotWork() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SchedulingProperties(0, null, 32, Duration.ZERO, Duration.ofSeconds(1),
					Duration.ofSeconds(1), Map.of()))
			.withMessage("queueCapacity must be >= 1 but was 0");
	}

}
