-- One message to one channel about one incident event. The idempotency key (channel, incident, event and
-- the event's place in the incident's trail) makes the fan-out idempotent and travels to the receiver, so a
-- retried delivery is recognisable as the same message. DEAD rows are the dead letters.
CREATE TABLE notification_delivery (
    id               uuid        NOT NULL,
    channel_id       uuid        NOT NULL,
    incident_id      uuid        NOT NULL,
    event            text        NOT NULL,
    idempotency_key  text        NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    last_http_status integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    CONSTRAINT notification_delivery_pk PRIMARY KEY (id),
    CONSTRAINT notification_delivery_channel_fk FOREIGN KEY (channel_id)
        REFERENCES notification_channel (id) ON DELETE CASCADE,
    CONSTRAINT notification_delivery_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT notification_delivery_idempotency_uq UNIQUE (idempotency_key),
    CONSTRAINT notification_delivery_status_ck CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
    CONSTRAINT notification_delivery_event_ck
        CHECK (event IN ('OPENED', 'BECAME_LIVE', 'SLA_BREACH', 'CONTAINED', 'REOPENED', 'CLOSED'))
);
CREATE INDEX notification_delivery_status_ix ON notification_delivery (status, created_at);
CREATE INDEX notification_delivery_incident_ix ON notification_delivery (incident_id);
