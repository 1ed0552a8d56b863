package io.leakresponder.liveness;

import io.leakresponder.twilio.Verdict;
import java.time.Duration;
import java.time.Instant;

/**
 * When to check a credential again, from its verdict and how long it has held: LIVE often, INDETERMINATE
 * backing off, NOT_LIVE daily for a while and weekly after that, NOT_CHECKABLE never.
 */
record RecheckPolicy(Duration liveInterval, Duration indeterminateInitial, Duration indeterminateMax,
        Duration notLiveInterval, Duration notLivePeriod, Duration notLiveLaterInterval) {

    static RecheckPolicy of(LivenessConfig c) {
        return new RecheckPolicy(c.liveInterval(), c.indeterminateInitial(), c.indeterminateMax(),
                c.notLiveInterval(), c.notLivePeriod(), c.notLiveLaterInterval());
    }

    /** The next check, or null when there should be none. */
    Instant next(Verdict verdict, Instant at, Instant notLiveSince, int indeterminateStreak) {
        return switch (verdict) {
            case LIVE -> at.plus(liveInterval);
            case INDETERMINATE -> at.plus(backoff(indeterminateStreak));
            case NOT_LIVE ->
                at.plus(notLiveSince != null && Duration.between(notLiveSince, at).compareTo(notLivePeriod) >= 0
                        ? notLiveLaterInterval
                        : notLiveInterval);
            case NOT_CHECKABLE -> null;
        };
    }

    private Duration backoff(int streak) {
        Duration wait = indeterminateInitial;
        for (int i = 1; i < streak && wait.compareTo(indeterminateMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(indeterminateMax) > 0 ? indeterminateMax : wait;
    }
}
