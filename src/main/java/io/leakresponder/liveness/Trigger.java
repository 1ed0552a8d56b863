package io.leakresponder.liveness;

/** Why a check ran. */
public enum Trigger {
    /** Right after a credential with a secret value was ingested. */
    INGEST,
    /** A scheduled re-check. */
    SCHEDULE,
    /** A person asked for it on an incident. */
    MANUAL,
    /** An ad-hoc check through POST /api/v1/liveness that was tracked. */
    API
}
