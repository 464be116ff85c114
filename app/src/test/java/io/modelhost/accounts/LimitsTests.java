package io.modelhost.accounts;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The limits that hold: the server's defaults, overridden per user. */
class LimitsTests {

	private static final Limits DEFAULTS = new AccountsProperties.DefaultLimits(5L, DataSize.ofMegabytes(1)).toLimits();

	@Test
	void theDefaultsHoldWithoutOverrides() {
		assertThat(DEFAULTS).isEqualTo(new Limits(5L, 1024L * 1024));
		assertThat(Limits.of(DEFAULTS, LimitOverrides.NONE)).isEqualTo(DEFAULTS);
		assertThat(new AccountsProperties.DefaultLimits(null, null).toLimits()).isEqualTo(Limits.NONE);
	}

	@Test
	void anOverrideReplacesItsDefaultAndUnlimitedLiftsIt() {
		assertThat(Limits.of(DEFAULTS, new LimitOverrides(2L, null))).isEqualTo(new Limits(2L, 1024L * 1024));
		assertThat(Limits.of(DEFAULTS, new LimitOverrides(LimitOverrides.UNLIMITED, 0L)))
			.isEqualTo(new Limits(null, 0L));
		assertThat(Limits.of(Limits.NONE, new LimitOverrides(3L, LimitOverrides.UNLIMITED)))
			.isEqualTo(new Limits(3L, null));
	}

	@Test
	void refusesNegativeLimits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LimitOverrides(-2L, null))
			.withMessageContaining("maxModels");
		assertThatIllegalArgumentException().isThrownBy(() -> new Limits(null, -1L))
			.withMessageContaining("maxStoredBytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new AccountsProperties.DefaultLimits(-1L, null))
			.withMessageContaining("maxModels");
	}

}
