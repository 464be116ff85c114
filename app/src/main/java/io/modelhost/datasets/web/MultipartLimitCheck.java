package io.modelhost.datasets.web;

import io.modelhost.datasets.DatasetsProperties;
import jakarta.servlet.MultipartConfigElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at startup when the server's multipart limit (the registry's upload limit) is
 * below the datasets' own: the container stops reading a part at its limit, so that is
 * the largest dataset that can arrive, and its 413 names that limit.
 */
@Component
class MultipartLimitCheck {

	private static final Logger log = LoggerFactory.getLogger(MultipartLimitCheck.class);

	private final ObjectProvider<MultipartConfigElement> multipart;

	private final DatasetsProperties properties;

	MultipartLimitCheck(ObjectProvider<MultipartConfigElement> multipart, DatasetsProperties properties) {
		this.multipart = multipart;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warnIfCapped() {
		MultipartConfigElement config = this.multipart.getIfAvailable();
		long datasets = this.properties.maxUploadSize().toBytes();
		if (config != null && config.getMaxFileSize() > 0 && config.getMaxFileSize() < datasets) {
			log.warn(
					"modelhost.datasets.max-upload-size is {} bytes, but every multipart upload is capped at {} "
							+ "bytes (modelhost.registry.max-upload-size): datasets larger than that get 413",
					datasets, config.getMaxFileSize());
		}
	}

}
