-- Usage audit of an incident's compromised window: what was pulled from Twilio, how far each pull got, and the
-- raw rows (no message bodies, no secrets). One audit per incident; a refresh re-pulls into the same audit.
CREATE TABLE usage_audit (
    id                      uuid        NOT NULL,
    incident_id             uuid        NOT NULL,
    account_sid             text        NOT NULL,
    window_start            timestamptz NOT NULL,
    -- NULL while the credential is still live: the window is open and each refresh pulls up to its own "now"
    window_end              timestamptz,
    window_reason           text,
    -- The end the current pulls use: window_end, or the moment of the last start/refresh while the window is open
    effective_end           timestamptz NOT NULL,
    baseline_start          timestamptz NOT NULL,
    include_subaccounts     boolean     NOT NULL,
    -- Oldest instant Twilio still serves, computed at the last start/refresh (Monitor Events, Monitor Alerts)
    events_retention_start  timestamptz NOT NULL,
    alerts_retention_start  timestamptz NOT NULL,
    generation              integer     NOT NULL DEFAULT 1,
    started_at              timestamptz NOT NULL,
    started_by              text        NOT NULL,
    refreshed_at            timestamptz NOT NULL,
    reviewed_at             timestamptz,
    reviewed_by             text,
    CONSTRAINT usage_audit_pk PRIMARY KEY (id),
    CONSTRAINT usage_audit_incident_uq UNIQUE (incident_id),
    CONSTRAINT usage_audit_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT usage_audit_account_sid_ck CHECK (account_sid ~ '^AC[0-9a-fA-F]{32}$'),
    CONSTRAINT usage_audit_window_ck CHECK (window_end IS NULL OR window_end > window_start),
    CONSTRAINT usage_audit_effective_end_ck CHECK (effective_end > window_start),
    CONSTRAINT usage_audit_baseline_ck CHECK (baseline_start <= window_start),
    CONSTRAINT usage_audit_reviewed_ck CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL))
);

-- The accounts an audit covers: the audited account and, for a main account, its subaccounts.
CREATE TABLE usage_account (
    audit_id            uuid        NOT NULL,
    account_sid         text        NOT NULL,
    main                boolean     NOT NULL,
    friendly_name       text,
    status              text,
    owner_account_sid   text,
    date_created        timestamptz,
    CONSTRAINT usage_account_pk PRIMARY KEY (audit_id, account_sid),
    CONSTRAINT usage_account_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE
);

-- One durable pull per (audit, source, account, period). The cursor is the URL of the next page to read, stored
-- in the same transaction as the rows of the page before it, so a resumed pull neither skips nor repeats a page.
CREATE TABLE usage_pull (
    id                  uuid        NOT NULL,
    audit_id            uuid        NOT NULL,
    source              text        NOT NULL,
    account_sid         text        NOT NULL,
    period              text        NOT NULL,
    range_start         timestamptz NOT NULL,
    range_end           timestamptz NOT NULL,
    status              text        NOT NULL,
    -- Bumped by every (re)schedule; a job whose run_seq is not the current one is stale and does nothing
    run_seq             integer     NOT NULL DEFAULT 1,
    cursor_url          text,
    pages               integer     NOT NULL DEFAULT 0,
    rows_read           bigint      NOT NULL DEFAULT 0,
    rows_stored         bigint      NOT NULL DEFAULT 0,
    rows_outside        bigint      NOT NULL DEFAULT 0,
    rate_limited        integer     NOT NULL DEFAULT 0,
    rate_limited_streak integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,
    http_status         integer,
    twilio_code         integer,
    detail              text,
    started_at          timestamptz,
    updated_at          timestamptz NOT NULL,
    finished_at         timestamptz,
    CONSTRAINT usage_pull_pk PRIMARY KEY (id),
    CONSTRAINT usage_pull_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE,
    CONSTRAINT usage_pull_uq UNIQUE (audit_id, source, account_sid, period),
    CONSTRAINT usage_pull_source_ck CHECK (source IN ('SUBACCOUNTS', 'USAGE_RECORDS', 'MESSAGES', 'CALLS',
        'MONITOR_EVENTS', 'MONITOR_ALERTS')),
    CONSTRAINT usage_pull_period_ck CHECK (period IN ('WINDOW', 'BASELINE', 'BASELINE_AND_WINDOW')),
    CONSTRAINT usage_pull_status_ck CHECK (status IN ('PENDING', 'RUNNING', 'RATE_LIMITED', 'DONE', 'FAILED',
        'NO_ACCESS', 'NO_CREDENTIAL', 'OUT_OF_RETENTION')),
    CONSTRAINT usage_pull_range_ck CHECK (range_end >= range_start)
);
CREATE INDEX usage_pull_audit_ix ON usage_pull (audit_id);

-- Daily Usage Records, every category (totalprice included), for baseline and window.
CREATE TABLE usage_record_row (
    audit_id     uuid    NOT NULL,
    account_sid  text    NOT NULL,
    category     text    NOT NULL,
    start_date   date    NOT NULL,
    end_date     date,
    period       text    NOT NULL,
    description  text,
    count        numeric,
    count_unit   text,
    usage        numeric,
    usage_unit   text,
    price        numeric,
    price_unit   text,
    CONSTRAINT usage_record_row_pk PRIMARY KEY (audit_id, account_sid, category, start_date),
    CONSTRAINT usage_record_row_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE,
    CONSTRAINT usage_record_row_period_ck CHECK (period IN ('WINDOW', 'BASELINE'))
);

-- Messages sent in baseline or window: metadata only, never the body.
CREATE TABLE usage_message (
    audit_id      uuid        NOT NULL,
    sid           text        NOT NULL,
    account_sid   text        NOT NULL,
    period        text        NOT NULL,
    direction     text,
    from_number   text,
    to_number     text,
    to_country    text,
    status        text,
    num_segments  integer,
    price         numeric,
    price_unit    text,
    error_code    integer,
    date_sent     timestamptz,
    CONSTRAINT usage_message_pk PRIMARY KEY (audit_id, sid),
    CONSTRAINT usage_message_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE,
    CONSTRAINT usage_message_period_ck CHECK (period IN ('WINDOW', 'BASELINE'))
);

-- Calls started in baseline or window.
CREATE TABLE usage_call (
    audit_id      uuid        NOT NULL,
    sid           text        NOT NULL,
    account_sid   text        NOT NULL,
    period        text        NOT NULL,
    direction     text,
    from_number   text,
    to_number     text,
    to_country    text,
    status        text,
    duration_s    integer,
    price         numeric,
    price_unit    text,
    start_time    timestamptz,
    CONSTRAINT usage_call_pk PRIMARY KEY (audit_id, sid),
    CONSTRAINT usage_call_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE,
    CONSTRAINT usage_call_period_ck CHECK (period IN ('WINDOW', 'BASELINE'))
);

-- Monitor Events in the window (as far back as retention allows). event_data is not kept, only the names of the
-- fields an update changed: values may hold webhook URLs with credentials in them.
CREATE TABLE usage_monitor_event (
    audit_id       uuid        NOT NULL,
    sid            text        NOT NULL,
    account_sid    text        NOT NULL,
    event_type     text,
    actor_type     text,
    actor_sid      text,
    source         text,
    source_ip      text,
    resource_type  text,
    resource_sid   text,
    event_date     timestamptz,
    description    text,
    changed_fields text,
    CONSTRAINT usage_monitor_event_pk PRIMARY KEY (audit_id, sid),
    CONSTRAINT usage_monitor_event_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE
);

-- Monitor Alerts in the window (as far back as retention allows). The alert text and request details are not
-- kept: they may quote message content or webhook parameters; request_url is stored without user info or query.
CREATE TABLE usage_alert (
    audit_id        uuid        NOT NULL,
    sid             text        NOT NULL,
    account_sid     text        NOT NULL,
    error_code      text,
    log_level       text,
    request_method  text,
    request_url     text,
    resource_sid    text,
    service_sid     text,
    date_generated  timestamptz,
    more_info       text,
    CONSTRAINT usage_alert_pk PRIMARY KEY (audit_id, sid),
    CONSTRAINT usage_alert_audit_fk FOREIGN KEY (audit_id) REFERENCES usage_audit (id) ON DELETE CASCADE
);
