package io.modelhost.web;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP settings.
 *
 * @param publicUrl the address clients reach this server at, e.g.
 * {@code https://models.example.com}, used in endpoint and docs URLs; when unset, the
 * address of the request being answered (honouring forwarded headers only if the server
 * is configured to trust them)
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} is
 * believed; from anyone else the header is ignored (default none)
 */
@ConfigurationProperties("modelhost.web")
public record WebProperties(@Nullable URI publicUrl, @DefaultValue List<String> trustedProxies) {

	public WebProperties {
		trustedProxies = List.copyOf(trustedProxies);
	}

}
