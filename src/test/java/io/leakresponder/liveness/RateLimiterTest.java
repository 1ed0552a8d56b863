package io.leakresponder.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis = Instant.parse("2026-01-01T00:00:59Z").toEpochMilli();

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void atMostNInAnySixtySecondsEvenAcrossAMinuteBoundary() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("token-a")).isZero();
        }
        clock.millis += 2_000; // the wall-clock minute changed: a fixed window would reset here
        assertThat(limiter.acquire("token-a")).isEqualTo(58);
        assertThat(limiter.acquire("token-b")).as("each key has its own budget").isZero();
        clock.millis += 58_000;
        assertThat(limiter.acquire("token-a")).isZero();
    }
}
