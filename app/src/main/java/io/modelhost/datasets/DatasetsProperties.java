package io.modelhost.datasets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Dataset settings.
 *
 * @param maxUploadSize the largest dataset file accepted (default 100MB); a bigger upload
 * gets 413. Every multipart request is also capped by
 * {@code modelhost.registry.max-upload-size}, so the smaller of the two applies
 * @param maxColumns the most columns a CSV may have (default 1000)
 */
@ConfigurationProperties("modelhost.datasets")
public record DatasetsProperties(@DefaultValue("100MB") DataSize maxUploadSize, @DefaultValue("1000") int maxColumns) {

	public DatasetsProperties {
		if (maxUploadSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxUploadSize must be positive but was " + maxUploadSize);
		}
		if (maxColumns < 1) {
			throw new IllegalArgumentException("maxColumns must be >= 1 but was " + maxColumns);
		}
	}

}
