package io.leakresponder.twilio;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter: before retry n (1-based) sleep uniformly in
 * [0, min(maxBackoff, initialBackoff * 2^(n-1))]. Full jitter spreads a crowd of retrying checks apart, which is
 * what a 429 from Twilio's per-account concurrency limit asks for.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initial.toNanos(), max.toNanos());
        this.random = random;
    }

    /** Upper bound of the sleep before retry {@code retry} (1 for the first retry). */
    long capNanos(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 62);
        // Compare before shifting so a large retry number cannot overflow into a small cap.
        return initialNanos > (maxNanos >> shift) ? maxNanos : initialNanos << shift;
    }

    /** The sleep before retry {@code retry}. */
    long sleepNanos(int retry) {
        return (long) (random.getAsDouble() * capNanos(retry));
    }
}
