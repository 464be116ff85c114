package io.modelhost;

import java.nio.file.Path;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares.
 *
 * @param dataDir where the embedded database, the model files and generated secrets live
 * ({@code MODELHOST_DATA_DIR}, default {@code ./data})
 * @param storageReserve the free space an upload must leave on the data directory's disk
 * (default 128MB): an upload whose declared length would eat into it answers 507 before a
 * byte is written, so that a full disk never stops the embedded database
 */
@ConfigurationProperties("modelhost")
public record ModelhostProperties(@DefaultValue("./data") Path dataDir,
		@DefaultValue("128MB") DataSize storageReserve) {

}
