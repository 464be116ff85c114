package io.modelhost;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.IdGenerator;
import org.springframework.util.JdkIdGenerator;

/**
 * Modelhost: upload a trained model file, get a secured, documented prediction API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "web")
@EnableScheduling
public class ModelhostApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	IdGenerator idGenerator() {
		return new JdkIdGenerator();
	}

	public static void main(String[] args) {
		SpringApplication.run(ModelhostApplication.class, args);
	}

}
