package io.modelhost.protocols.oip;

import java.util.List;

/**
 * Server metadata ({@code $metadata_server_response}).
 *
 * @param name the server's name
 * @param version its version
 * @param extensions the protocol extensions it supports: none
 */
record ServerMetadataResponse(String name, String version, List<String> extensions) {

}
