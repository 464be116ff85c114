package io.modelhost.web;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Absolute URLs for links in responses. */
@Component
public class PublicUrls {

	private final WebProperties properties;

	public PublicUrls(WebProperties properties) {
		this.properties = properties;
	}

	/**
	 * The absolute URL of a path on this server, e.g. {@code /api/v1/models/x/predict}.
	 */
	public String of(String path) {
		String base = (this.properties.publicUrl() != null) ? this.properties.publicUrl().toString()
				: ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
		return base.replaceAll("/+$", "") + path;
	}

}
