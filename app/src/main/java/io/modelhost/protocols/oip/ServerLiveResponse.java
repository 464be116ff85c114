package io.modelhost.protocols.oip;

/**
 * Server liveness ({@code $live_server_response}).
 *
 * @param live whether the server can answer requests
 */
record ServerLiveResponse(boolean live) {

}
