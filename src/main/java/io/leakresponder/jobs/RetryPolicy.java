package io.leakresponder.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded retries with doubling backoff for a {@link JobHandler}.
 *
 * @param maxAttempts total runs including the first; after the last failed one the job is kept as
 *     {@link JobState#FAILED}
 * @param initialBackoff wait after the first failed attempt; doubled after each further failure
 * @param maxBackoff upper bound of the wait between attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Five attempts, waiting 10 s, 20 s, 40 s, 80 s in between (capped at 10 min). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(10));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** One attempt only: the first failure is final. */
    public static RetryPolicy noRetry() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** Wait before the next attempt after {@code failedAttempt} (1-based) has failed. */
    public Duration backoffAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt is 1-based, was " + failedAttempt);
        }
        Duration backoff = initialBackoff;
        // Doubling step by step stops at the cap, so large attempt numbers cannot overflow.
        for (int i = 1; i < failedAttempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
