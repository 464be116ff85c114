-- The server's Ed25519 signing key for exported bundles (docs/artifacts.md): one row, made by the
-- first replica that needs it, so that every replica signs with the same key. Keys as base64 DER
-- (X.509 public, PKCS#8 private).
CREATE TABLE signing_key (
    id          VARCHAR(16)  NOT NULL PRIMARY KEY,
    key_id      VARCHAR(16)  NOT NULL,
    public_key  VARCHAR(200) NOT NULL,
    private_key VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
