-- Portable across H2 (MODE=PostgreSQL) and PostgreSQL: application-assigned VARCHAR(36) ids,
-- TIMESTAMP WITH TIME ZONE for instants, no identity columns, no reserved words.

CREATE TABLE app_user (
    id            VARCHAR(36)  PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX app_user_username ON app_user (username);
CREATE UNIQUE INDEX app_user_email ON app_user (email);

CREATE TABLE api_key (
    id           VARCHAR(36)  PRIMARY KEY,
    user_id      VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    name         VARCHAR(100) NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX api_key_hash ON api_key (key_hash);
CREATE INDEX api_key_user ON api_key (user_id);

CREATE TABLE refresh_token (
    id         VARCHAR(36) PRIMARY KEY,
    user_id    VARCHAR(36) NOT NULL REFERENCES app_user (id),
    token_hash VARCHAR(64) NOT NULL,
    family_id  VARCHAR(36) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX refresh_token_hash ON refresh_token (token_hash);

CREATE TABLE model (
    id          VARCHAR(36)   PRIMARY KEY,
    owner_id    VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    name        VARCHAR(100)  NOT NULL,
    description VARCHAR(2000) NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    -- the version the endpoint serves
    current_version INTEGER   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_owner_created ON model (owner_id, created_at);
CREATE INDEX model_owner_name ON model (owner_id, name);

CREATE TABLE model_version (
    id                VARCHAR(36)     PRIMARY KEY,
    model_id          VARCHAR(36)     NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    version           INTEGER         NOT NULL,
    format            VARCHAR(32)     NOT NULL,
    engine            VARCHAR(32)     NOT NULL,
    served_file       VARCHAR(100)    NOT NULL,
    original_filename VARCHAR(255)    NOT NULL,
    size_bytes        BIGINT          NOT NULL,
    sha256            VARCHAR(64)     NOT NULL,
    signature_json    VARCHAR(1000000) NOT NULL,
    example_request   VARCHAR(1000000) NOT NULL,
    example_response  VARCHAR(1000000) NOT NULL,
    notes             VARCHAR(4000)   NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX model_version_number ON model_version (model_id, version);
