package io.modelhost.registry.web;

import io.modelhost.registry.RegistryProperties;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import jakarta.servlet.MultipartConfigElement;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Multipart limits from the registry's upload limit: the container streams every part to
 * disk (never to memory) and stops reading, with 413, once a file passes the limit.
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

	/** Room for the name and description fields beside the file. */
	private static final DataSize FIELDS = DataSize.ofMegabytes(1);

	@Bean
	MultipartConfigElement multipartConfigElement(RegistryProperties properties, FileSystemArtifactStore files) {
		long maxFile = properties.maxUploadSize().toBytes();
		return new MultipartConfigElement(files.multipartDirectory().toString(), maxFile, maxFile + FIELDS.toBytes(),
				0);
	}

}
