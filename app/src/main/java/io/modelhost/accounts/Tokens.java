package io.modelhost.accounts;

import java.time.Duration;

/**
 * What a successful login gives.
 *
 * @param accessToken a signed JWT for the {@code Authorization: Bearer} header
 * @param refreshToken an opaque token to get a new access token later
 * @param expiresIn how long the access token is valid
 */
public record Tokens(String accessToken, String refreshToken, Duration expiresIn) {

	@Override
	public String toString() {
		return "Tokens[expiresIn=" + this.expiresIn + "]";
	}

}
