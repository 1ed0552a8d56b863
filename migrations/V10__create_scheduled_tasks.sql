-- Durable background jobs (io.leakresponder.jobs) on db-scheduler 16.x.
-- Column names and types are db-scheduler's PostgreSQL schema (postgresql_tables.sql of 16.x);
-- the library reads rows with "select *" and writes these columns by name, so do not rename them.
-- Only the constraint and index names are ours.
CREATE TABLE scheduled_tasks (
    task_name            text        NOT NULL,
    task_instance        text        NOT NULL,
    -- JSON payload written by the engine's Jackson serializer (references only, never secrets)
    task_data            bytea,
    -- A job that exhausted its attempts is parked at 9999-12-31 so it stays visible but never runs
    execution_time       timestamptz NOT NULL,
    picked               boolean     NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint      NOT NULL,
    -- Unused until the engine enables priorities; kept so enabling them needs no migration
    priority             smallint,
    CONSTRAINT scheduled_tasks_pk PRIMARY KEY (task_name, task_instance)
);

-- Polling for due executions: picked = false AND execution_time <= now()
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
-- Dead-execution detection: picked = true AND last_heartbeat <= limit
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
-- Ordering used by db-scheduler when priorities are enabled
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
