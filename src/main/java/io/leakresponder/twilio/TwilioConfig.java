package io.leakresponder.twilio;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the Twilio facade: where requests go, timeouts, retry budget, concurrency and circuit breaker. */
@ConfigMapping(prefix = "leak-responder.twilio")
public interface TwilioConfig {

    /**
     * Base URL (e.g. {@code http://localhost:8089}) that receives every Twilio request, whatever the Twilio host
     * (api, accounts, verify, monitor, iam, ...), with the same path, query and form body. Unset, requests go to
     * {@code https://*.twilio.com} unchanged. Only for mocks: credentials are sent to this URL. Environment
     * variable {@code LEAK_RESPONDER_TWILIO_BASE_URL}. With {@code leak-responder.demo.enabled}, application.properties
     * makes the built-in Twilio simulator ({@code /demo/twilio} on the service's own port) the default.
     */
    Optional<String> baseUrl();

    /** TCP and TLS connect timeout of one request. */
    @WithDefault(TwilioSettings.DEFAULT_CONNECT_TIMEOUT)
    Duration connectTimeout();

    /** How long one request waits for response data before it counts as a timeout (retried). */
    @WithDefault(TwilioSettings.DEFAULT_READ_TIMEOUT)
    Duration readTimeout();

    /** Retry budget for 429, 5xx, timeouts and connection failures. */
    Retry retry();

    /** Limits on requests in flight, so a burst of findings cannot trip Twilio's account concurrency limit (429). */
    Concurrency concurrency();

    /** Per-host circuit breaker, so a Twilio outage costs a few calls rather than thousands. */
    CircuitBreakerConfig circuitBreaker();

    /** Retry and back-off settings; back-off uses exponential growth with full jitter. */
    interface Retry {

        /** Requests per step of a check, the first try included. */
        @WithDefault(TwilioSettings.DEFAULT_MAX_ATTEMPTS)
        int maxAttempts();

        /** Cap of the first back-off sleep; each retry doubles the cap up to max-backoff. */
        @WithDefault(TwilioSettings.DEFAULT_INITIAL_BACKOFF)
        Duration initialBackoff();

        /** Largest back-off cap. */
        @WithDefault(TwilioSettings.DEFAULT_MAX_BACKOFF)
        Duration maxBackoff();

        /**
         * Wall-clock budget of one whole check (permit waits, requests and sleeps); past it the check is indeterminate.
         * Response waits are cut to fit it; a TCP connect in progress may overrun it by up to connect-timeout.
         */
        @WithDefault(TwilioSettings.DEFAULT_TOTAL_BUDGET)
        Duration totalBudget();
    }

    /** Concurrency limits, enforced with fair semaphores. */
    interface Concurrency {

        /** Twilio requests in flight at once over all credentials. */
        @WithDefault(TwilioSettings.DEFAULT_GLOBAL_CONCURRENCY)
        int global();

        /** Twilio requests in flight at once for one account SID (or key SID when the account is unknown). */
        @WithDefault(TwilioSettings.DEFAULT_PER_ACCOUNT_CONCURRENCY)
        int perAccount();
    }

    /** Circuit breaker settings, one breaker per logical Twilio host (api, verify, ...). */
    interface CircuitBreakerConfig {

        /** Consecutive outage-like failures (5xx, timeouts, connection errors, non-Twilio error bodies) that open it. */
        @WithDefault(TwilioSettings.DEFAULT_BREAKER_FAILURE_THRESHOLD)
        int failureThreshold();

        /** How long an open circuit answers "indeterminate" at once before one probe request may pass. */
        @WithDefault(TwilioSettings.DEFAULT_BREAKER_OPEN_DURATION)
        Duration openDuration();
    }
}
