package io.leakresponder.liveness;

/** Whether a credential is still re-checked on the schedule. */
public enum Monitoring {
    ACTIVE, STOPPED
}
