package io.modelhost;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares.
 *
 * @param dataDir where the embedded database, the model files and generated secrets live
 * ({@code MODELHOST_DATA_DIR}, default {@code ./data})
 */
@ConfigurationProperties("modelhost")
public record ModelhostProperties(@DefaultValue("./data") Path dataDir) {

}
