package io.modelhost.serving;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Serving settings.
 *
 * @param maxRows the most rows (or examples) one prediction request may hold (default
 * 10000)
 * @param maxRequestSize the largest prediction request body, pictures included (default
 * 10MB)
 * @param maxPictures the most pictures one request to an image model may hold (default
 * 64)
 * @param maxPicturePixels the most pixels (width × height) a picture may have; a larger
 * one is refused from its header, before it is decoded (default 16777216, 16 megapixels)
 */
@ConfigurationProperties("modelhost.serving")
public record ServingProperties(@DefaultValue("10000") int maxRows, @DefaultValue("10MB") DataSize maxRequestSize,
		@DefaultValue("64") int maxPictures, @DefaultValue("16777216") long maxPicturePixels) {

	public ServingProperties {
		if (maxRows < 1) {
			throw new IllegalArgumentException("maxRows must be >= 1 but was " + maxRows);
		}
		if (maxRequestSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxRequestSize must be positive but was " + maxRequestSize);
		}
		if (maxPictures < 1) {
			throw new IllegalArgumentException("maxPictures must be >= 1 but was " + maxPictures);
		}
		if (maxPicturePixels < 1) {
			throw new IllegalArgumentException("maxPicturePixels must be >= 1 but was " + maxPicturePixels);
		}
	}

}
