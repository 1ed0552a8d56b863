package io.leakresponder.jobs;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/** What a {@link JobHandler} knows about the run in progress. */
public final class JobContext {

    private final String taskName;
    private final String instanceId;
    private final int attempt;
    private final int maxAttempts;
    private final Instant scheduledFor;
    private final BooleanSupplier shuttingDown;

    JobContext(
            String taskName,
            String instanceId,
            int attempt,
            int maxAttempts,
            Instant scheduledFor,
            BooleanSupplier shuttingDown) {
        this.taskName = taskName;
        this.instanceId = instanceId;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.scheduledFor = scheduledFor;
        this.shuttingDown = shuttingDown;
    }

    public String taskName() {
        return taskName;
    }

    public String instanceId() {
        return instanceId;
    }

    /** 1 for the first run; a run cut off by a crash counts as an attempt too. */
    public int attempt() {
        return attempt;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** True when a failure now is final and the job will be kept as {@link JobState#FAILED}. */
    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }

    /** When this run was due. */
    public Instant scheduledFor() {
        return scheduledFor;
    }

    /**
     * True once the node is stopping; long handlers should check it and throw so the job is retried
     * rather than holding up shutdown.
     */
    public boolean isShuttingDown() {
        return shuttingDown.getAsBoolean();
    }

    @Override
    public String toString() {
        return "JobContext[" + taskName + "/" + instanceId + ", attempt " + attempt + "/" + maxAttempts
                + "]";
    }
}
