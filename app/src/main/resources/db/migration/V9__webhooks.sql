-- Webhooks, the events queued for them (one delivery per webhook and event), and every
-- attempt to deliver one. Deliveries are stored before they are sent, so retries survive a
-- restart. The secret signs payloads, so it is kept as it is (never returned after creation).
CREATE TABLE webhook (
    id                 VARCHAR(36)   PRIMARY KEY,
    user_id            VARCHAR(36)   NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    url                VARCHAR(2048) NOT NULL,
    events             VARCHAR(512)  NOT NULL,
    model_id           VARCHAR(36),
    description        VARCHAR(500)  NOT NULL,
    secret             VARCHAR(100)  NOT NULL,
    enabled            BOOLEAN       NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_triggered_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_user ON webhook (user_id);

CREATE TABLE webhook_delivery (
    id               VARCHAR(36)  PRIMARY KEY,
    webhook_id       VARCHAR(36)  NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id         VARCHAR(36)  NOT NULL,
    event_type       VARCHAR(32)  NOT NULL,
    payload          TEXT         NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (state, next_attempt_at);
CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, created_at);

CREATE TABLE webhook_attempt (
    delivery_id   VARCHAR(36)  NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    number        INTEGER      NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code   INTEGER,
    error         VARCHAR(300),
    duration_ms   BIGINT       NOT NULL,
    PRIMARY KEY (delivery_id, number)
);
