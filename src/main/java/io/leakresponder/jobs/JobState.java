package io.leakresponder.jobs;

/** Where a job stands, derived from its {@code scheduled_tasks} row. */
public enum JobState {
    /** Waiting for its execution time; no failed attempt so far. */
    SCHEDULED,
    /** Picked by a node and running (or that node died and it is about to be detected as dead). */
    RUNNING,
    /** Last attempt failed; waiting for the next one. */
    RETRYING,
    /** All attempts failed; kept for inspection and will not run unless retried. */
    FAILED
}
