package io.leakresponder.jobs;

import java.time.Instant;

/**
 * One job as seen in {@code scheduled_tasks}; deliberately without the payload.
 *
 * @param executionTime when it will run next; {@code null} for {@link JobState#FAILED}
 * @param pickedBy name of the node running it, or {@code null}
 * @param consecutiveFailures failed attempts since the last success (or since scheduling)
 * @param lastHeartbeat last sign of life from the node running it
 */
public record JobStatus(
        String taskName,
        String instanceId,
        JobState state,
        Instant executionTime,
        boolean picked,
        String pickedBy,
        Instant lastSuccess,
        Instant lastFailure,
        int consecutiveFailures,
        Instant lastHeartbeat) {
}
