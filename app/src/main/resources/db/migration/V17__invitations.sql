-- Invitations to register while modelhost.accounts.registration=invite. Only the SHA-256 of
-- the token is kept. A row is used (used_at set) by one registration, in the transaction
-- that creates the user. Portable across H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE TABLE invitation (
    id         VARCHAR(36)  PRIMARY KEY,
    token_hash VARCHAR(64)  NOT NULL,
    email      VARCHAR(254),
    created_by VARCHAR(36),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    used_by    VARCHAR(36),
    revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX invitation_token_hash ON invitation (token_hash);
CREATE INDEX invitation_created ON invitation (created_at);
