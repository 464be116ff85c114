package io.modelhost.artifacts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Artifact settings.
 *
 * @param verifyInterval how often every stored model file is re-read and checked against
 * its recorded digest (default 24h); 0 switches the scheduled check off
 */
@ConfigurationProperties("modelhost.artifacts")
public record ArtifactProperties(@DefaultValue("24h") Duration verifyInterval) {

}
