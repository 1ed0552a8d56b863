package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);

    @Test
    void perKeyLimitHoldsWhileOtherKeysProceed() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 2);
        ConcurrencyLimiter.Permit a1 = limiter.acquire("a", SHORT);
        ConcurrencyLimiter.Permit a2 = limiter.acquire("a", SHORT);

        assertThat(limiter.acquire("a", SHORT)).isNull();
        try (ConcurrencyLimiter.Permit b = limiter.acquire("b", SHORT)) {
            assertThat(b).isNotNull();
        }
        a1.close();
        try (ConcurrencyLimiter.Permit a3 = limiter.acquire("a", SHORT)) {
            assertThat(a3).isNotNull();
        }
        a2.close();
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void globalLimitHoldsAcrossKeysAndAFailedWaitGivesBackTheKeyPermit() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1);
        try (ConcurrencyLimiter.Permit held = limiter.acquire("a", SHORT)) {
            assertThat(limiter.acquire("b", SHORT)).isNull();
            assertThat(limiter.trackedKeys()).isEqualTo(1);
        }
        // "b" got its key permit, then timed out on the global one: it must have released the key permit.
        try (ConcurrencyLimiter.Permit b = limiter.acquire("b", SHORT)) {
            assertThat(b).isNotNull();
        }
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void closingTwiceReleasesOnce() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1);
        ConcurrencyLimiter.Permit p = limiter.acquire("a", SHORT);
        p.close();
        p.close();
        ConcurrencyLimiter.Permit q = limiter.acquire("a", SHORT);
        assertThat(q).isNotNull();
        assertThat(limiter.acquire("c", SHORT)).isNull(); // the global semaphore was not over-released
        q.close();
    }
}
