package io.leakresponder.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link JobEngine}, built from {@link JobsConfig} in the app and by hand in tests.
 *
 * @param schedulerName this node's name in {@code picked_by} (at most 50 characters are stored)
 * @param threads jobs run in parallel on this node
 * @param pollingInterval how often the node looks for due jobs
 * @param heartbeatInterval how often a running job's row is touched to prove the node is alive
 * @param missedHeartbeatsLimit missed heartbeats after which a running job is declared dead and run
 *     again (db-scheduler requires at least 4)
 * @param shutdownMaxWait how long {@link JobEngine#stop()} lets running jobs finish before
 *     interrupting them (db-scheduler may wait up to twice this)
 */
public record JobEngineOptions(
        String schedulerName,
        int threads,
        Duration pollingInterval,
        Duration heartbeatInterval,
        int missedHeartbeatsLimit,
        Duration shutdownMaxWait) {

    public JobEngineOptions {
        Objects.requireNonNull(schedulerName, "schedulerName");
        requirePositive(pollingInterval, "pollingInterval");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(shutdownMaxWait, "shutdownMaxWait");
        if (schedulerName.isBlank()) {
            throw new IllegalArgumentException("schedulerName must not be blank");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (missedHeartbeatsLimit < 4) {
            throw new IllegalArgumentException(
                    "missedHeartbeatsLimit must be at least 4, was " + missedHeartbeatsLimit);
        }
        if (shutdownMaxWait.isNegative()) {
            throw new IllegalArgumentException("shutdownMaxWait must not be negative");
        }
    }

    /** How long a running job may go without a heartbeat before another node runs it again. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeatsLimit);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
