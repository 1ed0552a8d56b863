package io.leakresponder.jobs;

/**
 * Runs one kind of durable one-time job; implemented by CDI beans of other features.
 *
 * <p>Delivery is at least once: a job whose node dies mid-run is run again elsewhere, so {@link
 * #run} must be idempotent. Handlers should be {@code @ApplicationScoped}; the engine keeps the
 * instance it was given for its whole life.
 *
 * @param <T> payload type, stored as JSON; it may hold references (ids), never secrets
 */
public interface JobHandler<T> {

    /**
     * Unique task name and payload class (deserialised from JSON with Jackson before each run); see {@link
     * JobType}.
     */
    JobType<T> type();

    /**
     * Does the work. Returning normally completes the job and removes it; throwing counts as a failed
     * attempt that is retried according to {@link #retryPolicy()}.
     */
    void run(T payload, JobContext context) throws Exception;

    /** Attempts and backoff for this task; {@link RetryPolicy#DEFAULT} unless overridden. */
    default RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }
}
