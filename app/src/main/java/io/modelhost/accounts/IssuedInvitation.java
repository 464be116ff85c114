package io.modelhost.accounts;

/**
 * An invitation just created, with its token: the only time the token is seen (only its
 * hash is kept).
 *
 * @param invitation the invitation
 * @param token the secret a registration must present
 */
public record IssuedInvitation(Invitation invitation, String token) {

	public IssuedInvitation {
		if (token.isBlank()) {
			throw new IllegalArgumentException("token must not be blank");
		}
	}

	@Override
	public String toString() {
		return "IssuedInvitation[" + this.invitation.id() + "]";
	}

}
