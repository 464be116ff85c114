package io.modelhost.monitoring;

import java.time.Duration;

import io.modelhost.monitoring.MonitoringProperties.Idle;
import io.modelhost.monitoring.MonitoringProperties.IdleAction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MonitoringPropertiesTests {

	private static final Idle IDLE = new Idle(Duration.ofDays(30), IdleAction.FLAG, Duration.ofHours(1));

	@Test
	void refusesASampleIntervalTooShortToBeCheap() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new MonitoringProperties(Duration.ofMillis(10), Duration.ofDays(7), Duration.ofDays(90), IDLE))
			.withMessage("sampleInterval must be at least 100ms but was PT0.01S");
	}

	@Test
	void refusesARetentionShorterThanOneSample() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MonitoringProperties(Duration.ofSeconds(10), Duration.ofSeconds(5),
					Duration.ofDays(90), IDLE))
			.withMessageStartingWith("retention must be longer than sampleInterval");
	}

	@Test
	void turnsTheIdlePolicyOffWithAZeroPeriod() {
		assertThat(IDLE.enabled()).isTrue();
		assertThat(new Idle(Duration.ZERO, IdleAction.ARCHIVE, Duration.ofHours(1)).enabled()).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Idle(Duration.ofDays(-1), IdleAction.FLAG, Duration.ofHours(1)))
			.withMessage("idle.after must not be negative but was PT-24H");
	}

	@Test
	void refusesAlertThresholdsOutOfRangeNamingTheField() {
		assertThat(new AlertRule(100.0, null, 0.0, null, Duration.ofMinutes(1)).threshold(AlertMetric.CPU_PERCENT))
			.isEqualTo(100.0);
		assertThat(catchThrowableOfType(InvalidMonitoringRequestException.class,
				() -> new AlertRule(null, null, -0.1, null, AlertRule.DEFAULT_WINDOW)))
			.satisfies((ex) -> {
				assertThat(ex.field()).isEqualTo("error_rate");
				assertThat(ex.getMessage()).isEqualTo("error_rate must be in [0, 1] but was -0.1");
			});
		assertThat(catchThrowableOfType(InvalidMonitoringRequestException.class,
				() -> new AlertRule(null, Double.NaN, null, null, AlertRule.DEFAULT_WINDOW))
			.field()).isEqualTo("memory_mb");
	}

}
