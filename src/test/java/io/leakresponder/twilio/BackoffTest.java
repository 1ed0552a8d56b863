package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void capDoublesFromTheInitialValueUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3), () -> 1.0);
        assertThat(backoff.capNanos(1)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.capNanos(2)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(backoff.capNanos(4)).isEqualTo(Duration.ofMillis(1600).toNanos());
        assertThat(backoff.capNanos(5)).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(backoff.capNanos(1_000)).isEqualTo(Duration.ofSeconds(3).toNanos()); // no overflow
    }

    @Test
    void fullJitterSpansZeroToTheCap() {
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3), () -> 0.0).sleepNanos(3)).isZero();
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3), () -> 0.5).sleepNanos(3))
                .isEqualTo(Duration.ofMillis(400).toNanos());
    }

    @Test
    void hugeInitialValuesStayAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofDays(365), Duration.ofDays(400), () -> 1.0);
        assertThat(backoff.capNanos(40)).isEqualTo(Duration.ofDays(400).toNanos());
    }
}
