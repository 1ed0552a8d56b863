package io.leakresponder.liveness;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-key sliding-window limit: at most N calls in any 60 seconds (a fixed window would let 2N through around a
 * minute boundary). Kept in memory: with several replicas each enforces its own window, which bounds the total at
 * replicas × limit.
 */
final class RateLimiter {

    private static final long WINDOW_MILLIS = 60_000;

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, ArrayDeque<Long>> calls = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Seconds to wait when the key is over its limit, or 0 when it may go ahead (and is counted). */
    long acquire(String key) {
        long now = clock.millis();
        ArrayDeque<Long> log = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (log) {
            while (!log.isEmpty() && log.peekFirst() <= now - WINDOW_MILLIS) {
                log.pollFirst();
            }
            if (log.size() >= perMinute) {
                return Math.max(1, (log.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
            }
            log.addLast(now);
        }
        if (calls.size() > 10_000) {
            calls.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty() || e.getValue().peekLast() <= now - WINDOW_MILLIS;
                }
            });
        }
        return 0;
    }
}
