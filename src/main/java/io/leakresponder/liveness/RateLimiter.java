package io.leakresponder.liveness;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A per-key fixed-window limit (per minute). Kept in memory: with several replicas each enforces its own
 * window, which bounds the total at replicas × limit.
 */
final class RateLimiter {

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger used) {
    }

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Seconds to wait when the key is over its limit, or 0 when it may go ahead (and is counted). */
    long acquire(String key) {
        long now = clock.millis();
        long minute = now / 60_000;
        Window w = windows.compute(key, (k, old) -> old == null || old.minute != minute
                ? new Window(minute, new AtomicInteger()) : old);
        if (w.used.incrementAndGet() > perMinute) {
            return Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
        }
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> e.getValue().minute != minute);
        }
        return 0;
    }
}
