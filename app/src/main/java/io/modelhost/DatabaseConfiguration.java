package io.modelhost;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the connection pool behind {@link DatabaseAvailability}'s circuit and reports the
 * circuit as the gauge {@code modelhost.database.available} (1 or 0).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseAvailability databaseAvailability() {
		return new DatabaseAvailability();
	}

	/** Static: it must exist before the data source it wraps. */
	@Bean
	static BeanPostProcessor guardedDataSource(ObjectProvider<DatabaseAvailability> availability) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource pool && !(bean instanceof GuardedDataSource)) {
					return new GuardedDataSource(pool, availability.getObject());
				}
				return bean;
			}

		};
	}

	@Bean
	MeterBinder databaseAvailabilityMeter(DatabaseAvailability availability) {
		return (registry) -> Gauge.builder("modelhost.database.available", availability, (a) -> a.available() ? 1 : 0)
			.description("Whether the database answered the last attempt (1) or cannot be reached (0)")
			.register(registry);
	}

}
