package io.leakresponder.twilio;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Consecutive-failure circuit breaker for one Twilio host.
 *
 * <p>Closed: calls pass; {@code threshold} outage-like failures in a row open it. Open: calls are refused until
 * {@code openDuration} has passed. Half-open: exactly one probe passes; its success closes the circuit, its failure
 * opens it again for another {@code openDuration}. Answers such as 401 or 429 are successes here: the host works.
 */
final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int threshold;
    private final long openNanos;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration openDuration, LongSupplier nanoTime) {
        this.threshold = threshold;
        this.openNanos = openDuration.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Cheap look without taking the probe slot, to refuse early before waiting for permits. */
    synchronized boolean isRefusing() {
        return switch (state) {
            case CLOSED -> false;
            case OPEN -> nanoTime.getAsLong() - openedAt < openNanos;
            case HALF_OPEN -> probeInFlight;
        };
    }

    /**
     * Asks to send one request. A true answer must be followed by exactly one {@link #onSuccess()} or
     * {@link #onFailure()}.
     */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED :
                return true;
            case OPEN :
                if (nanoTime.getAsLong() - openedAt < openNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return true;
            default : // HALF_OPEN: one probe at a time
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    /** Returns true when this failure opened the circuit (for a single log line). */
    synchronized boolean onFailure() {
        probeInFlight = false;
        if (state == State.HALF_OPEN) {
            open();
            return true;
        }
        if (state == State.CLOSED && ++consecutiveFailures >= threshold) {
            open();
            return true;
        }
        return false;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoTime.getAsLong();
        consecutiveFailures = 0;
    }

    synchronized State state() {
        return state;
    }
}
