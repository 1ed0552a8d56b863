package io.leakresponder.twilio;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds Twilio requests in flight: globally and per account, with fair semaphores so no caller starves.
 *
 * <p>Per-account semaphores exist only while someone holds or waits for them (reference counted), so checking
 * millions of distinct accounts does not grow the map.
 */
final class ConcurrencyLimiter {

    private final Semaphore global;
    private final int perKey;
    private final ConcurrentHashMap<String, KeyEntry> keys = new ConcurrentHashMap<>();

    ConcurrencyLimiter(int globalLimit, int perKeyLimit) {
        this.global = new Semaphore(globalLimit, true);
        this.perKey = perKeyLimit;
    }

    /**
     * Waits up to {@code timeoutNanos} for both permits. The account permit is taken first so a caller queued
     * behind a busy account does not hold a global slot others could use.
     *
     * @return the permit to close after the request, or null when none came in time
     * @throws InterruptedException when interrupted while waiting
     */
    Permit acquire(String key, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        KeyEntry entry = keys.compute(key, (k, e) -> {
            KeyEntry held = e == null ? new KeyEntry(new Semaphore(perKey, true)) : e;
            held.users++;
            return held;
        });
        boolean keyHeld = false;
        boolean globalHeld = false;
        try {
            keyHeld = entry.semaphore.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            if (keyHeld) {
                globalHeld = global.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            if (!globalHeld) {
                if (keyHeld) {
                    entry.semaphore.release();
                }
                unref(key);
            }
        }
        return globalHeld ? new Permit(key, entry) : null;
    }

    private void unref(String key) {
        keys.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
    }

    /** Keys currently held or awaited; for tests. */
    int trackedKeys() {
        return keys.size();
    }

    private static final class KeyEntry {
        final Semaphore semaphore;
        int users; // changed only inside ConcurrentHashMap.compute*, which serialises per key

        KeyEntry(Semaphore semaphore) {
            this.semaphore = semaphore;
        }
    }

    /** Held permits; closing releases both once. */
    final class Permit implements AutoCloseable {
        private final String key;
        private final KeyEntry entry;
        private boolean released;

        private Permit(String key, KeyEntry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            global.release();
            entry.semaphore.release();
            unref(key);
        }
    }
}
