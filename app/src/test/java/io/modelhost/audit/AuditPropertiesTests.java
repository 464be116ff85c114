package io.modelhost.audit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuditPropertiesTests {

	@Test
	void refusesARetentionShorterThanTheDailyPurge() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditProperties(Duration.ofHours(23)))
			.withMessage("retention must be at least 1d but was PT23H");
		assertThat(new AuditProperties(Duration.ofDays(1)).retention()).isEqualTo(Duration.ofDays(1));
	}

}
