package io.leakresponder.twilio;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The circuit breakers per logical Twilio host and the concurrency limiter. One instance is shared by
 * {@link TwilioFacade} and {@link TwilioRotation}, so liveness checks and rotation of one account never exceed its
 * request limit together, and one outage opens one circuit for both.
 */
final class TwilioGuards {

    private final TwilioSettings settings;
    private final LongSupplier breakerNanoTime;
    private final ConcurrencyLimiter limiter;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    TwilioGuards(TwilioSettings settings, LongSupplier breakerNanoTime) {
        this.settings = settings;
        this.breakerNanoTime = breakerNanoTime;
        this.limiter = new ConcurrencyLimiter(settings.globalConcurrency(), settings.perAccountConcurrency());
    }

    /** The circuit breaker of a logical Twilio host (api, verify, accounts, ...), created on first use. */
    CircuitBreaker breaker(String host) {
        return breakers.computeIfAbsent(host,
                h -> new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(),
                        breakerNanoTime));
    }

    ConcurrencyLimiter limiter() {
        return limiter;
    }

    /** Breaker state of a logical host, without creating its breaker; for tests. */
    CircuitBreaker.State circuitState(String host) {
        CircuitBreaker breaker = breakers.get(host);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }
}
