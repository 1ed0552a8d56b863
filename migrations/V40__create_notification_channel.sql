-- Where notifications go (Slack, generic webhook, PagerDuty, e-mail, GitHub alert sync, Jira issues) and which incident
-- events each one wants. URLs, signing secrets, routing keys and tokens are sealed under the master key
-- (AES-GCM, bound to the channel id); only a display target (host or address count) is kept in clear.
CREATE TABLE notification_channel (
    id                 uuid        NOT NULL,
    name               text        NOT NULL,
    type               text        NOT NULL,
    enabled            boolean     NOT NULL,
    events             text        NOT NULL,
    min_severity       text        NOT NULL,
    target             text        NOT NULL,
    config_ciphertext  bytea       NOT NULL,
    config_key_id      text        NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         text        NOT NULL,
    updated_at         timestamptz NOT NULL,
    version            bigint      NOT NULL DEFAULT 0,
    CONSTRAINT notification_channel_pk PRIMARY KEY (id),
    CONSTRAINT notification_channel_name_uq UNIQUE (name),
    CONSTRAINT notification_channel_type_ck CHECK (type IN ('SLACK', 'WEBHOOK', 'PAGERDUTY', 'EMAIL', 'GITHUB', 'JIRA')),
    CONSTRAINT notification_channel_severity_ck
        CHECK (min_severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'))
);
