-- Aliases besides production (which stays model.current_version): staging and names the
-- owner chooses, each pointing at one version.
CREATE TABLE model_alias (
    model_id   VARCHAR(36)              NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    alias      VARCHAR(40)              NOT NULL,
    version    INTEGER                  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model_id, alias)
);

-- How a model's endpoint splits its traffic: a canary version that takes a share of the
-- requests, a shadow version that scores a copy of each, or both. No row: production
-- takes every request.
CREATE TABLE model_traffic (
    model_id       VARCHAR(36)              PRIMARY KEY REFERENCES model (id) ON DELETE CASCADE,
    canary_version INTEGER,
    canary_percent INTEGER                  NOT NULL,
    shadow_version INTEGER,
    sticky         VARCHAR(20),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
