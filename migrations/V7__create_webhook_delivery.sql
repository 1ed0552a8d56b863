-- Webhook deliveries already processed, so a redelivery with the same id changes nothing.
CREATE TABLE webhook_delivery (
    delivery_id   text        NOT NULL,
    source        text        NOT NULL,
    event         text        NOT NULL,
    received_at   timestamptz NOT NULL,
    CONSTRAINT webhook_delivery_pk PRIMARY KEY (source, delivery_id)
);
