package io.leakresponder.usage;

/** Where one pull stands. Only DONE counts as evidence read in full. */
public enum PullStatus {
    /** Scheduled, not started. */
    PENDING,
    /** Reading pages. */
    RUNNING,
    /** Twilio answered 429 repeatedly; rescheduled with back-off to continue at its cursor. */
    RATE_LIMITED,
    /** Every page read and stored. */
    DONE,
    /** Gave up (errors after all attempts, paging that does not end); the rows read so far are kept. */
    FAILED,
    /** Twilio refused the credential for this source (401, 403, a restricted or Standard key). */
    NO_ACCESS,
    /** No credential was available when the pull ran. */
    NO_CREDENTIAL,
    /** The whole range lies before what Twilio still keeps; nothing can be read. */
    OUT_OF_RETENTION;

    /** True while the pull may still change. */
    public boolean inProgress() {
        return this == PENDING || this == RUNNING || this == RATE_LIMITED;
    }

    /** True when it will not read more without a refresh. */
    public boolean finished() {
        return !inProgress();
    }
}
