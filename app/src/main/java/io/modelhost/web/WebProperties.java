package io.modelhost.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP settings.
 *
 * @param publicUrl the address clients reach this server at, e.g.
 * {@code https://models.example.com}, used in endpoint and docs URLs; when unset, the
 * address of the request being answered (honouring forwarded headers only if the server
 * is configured to trust them)
 */
@ConfigurationProperties("modelhost.web")
public record WebProperties(@Nullable URI publicUrl) {

}
