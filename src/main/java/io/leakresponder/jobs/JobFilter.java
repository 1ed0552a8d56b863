package io.leakresponder.jobs;

/**
 * Selects jobs for {@link JobEngine#list(JobFilter)}; {@code null} fields match everything.
 *
 * @param limit maximum number of rows, between 1 and {@value #MAX_LIMIT}
 */
public record JobFilter(String taskName, JobState state, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public JobFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** Every job, up to {@value #DEFAULT_LIMIT}. */
    public static JobFilter all() {
        return new JobFilter(null, null, DEFAULT_LIMIT);
    }

    public JobFilter withTaskName(String taskName) {
        return new JobFilter(taskName, state, limit);
    }

    public JobFilter withState(JobState state) {
        return new JobFilter(taskName, state, limit);
    }

    public JobFilter withLimit(int limit) {
        return new JobFilter(taskName, state, limit);
    }
}
