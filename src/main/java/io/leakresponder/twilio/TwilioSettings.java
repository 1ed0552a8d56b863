package io.leakresponder.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Plain values the Twilio facade runs with; built from {@link TwilioConfig} in the application and
 * directly (through {@link #builder()}) in tests and the benchmark.
 *
 * @param baseUrl                 where every Twilio request goes instead of {@code https://*.twilio.com}; empty for real Twilio
 * @param connectTimeout          TCP/TLS connect timeout of one request
 * @param readTimeout             time to wait for response data of one request
 * @param maxAttempts             requests per step of a check (first try plus retries)
 * @param initialBackoff          cap of the first back-off sleep (full jitter: the sleep is uniform in [0, cap])
 * @param maxBackoff              largest back-off cap
 * @param totalBudget             wall-clock budget of one whole check: permit waits, requests and sleeps
 * @param globalConcurrency       requests in flight at once over all credentials
 * @param perAccountConcurrency   requests in flight at once for one account (or one key SID when no account is known)
 * @param breakerFailureThreshold consecutive outage-like failures on one host that open its circuit
 * @param breakerOpenDuration     how long an open circuit rejects calls before letting one probe through
 */
record TwilioSettings(
        Optional<URI> baseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration totalBudget,
        int globalConcurrency,
        int perAccountConcurrency,
        int breakerFailureThreshold,
        Duration breakerOpenDuration) {

    // Defaults live here once; TwilioConfig's @WithDefault reads the same constants.
    static final String DEFAULT_CONNECT_TIMEOUT = "5s";
    static final String DEFAULT_READ_TIMEOUT = "10s";
    static final String DEFAULT_MAX_ATTEMPTS = "4";
    static final String DEFAULT_INITIAL_BACKOFF = "200ms";
    static final String DEFAULT_MAX_BACKOFF = "3s";
    static final String DEFAULT_TOTAL_BUDGET = "30s";
    static final String DEFAULT_GLOBAL_CONCURRENCY = "10";
    static final String DEFAULT_PER_ACCOUNT_CONCURRENCY = "2";
    static final String DEFAULT_BREAKER_FAILURE_THRESHOLD = "5";
    static final String DEFAULT_BREAKER_OPEN_DURATION = "30s";

    TwilioSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl.ifPresent(TwilioSettings::requireUsableBaseUrl);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(totalBudget, "totalBudget");
        requirePositive(breakerOpenDuration, "breakerOpenDuration");
        requireAtLeastOne(maxAttempts, "maxAttempts");
        requireAtLeastOne(globalConcurrency, "globalConcurrency");
        requireAtLeastOne(perAccountConcurrency, "perAccountConcurrency");
        requireAtLeastOne(breakerFailureThreshold, "breakerFailureThreshold");
    }

    /** Builder preset with the production defaults. */
    static Builder builder() {
        return new Builder();
    }

    static TwilioSettings defaults() {
        return builder().build();
    }

    /** Parses and checks a configured base URL; blank means "real Twilio". */
    static Optional<URI> parseBaseUrl(Optional<String> raw) {
        return raw.map(String::strip).filter(s -> !s.isEmpty()).map(URI::create);
    }

    private static void requireUsableBaseUrl(URI uri) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(
                    "leak-responder.twilio.base-url must be an absolute http(s) URL with a host");
        }
        // Credentials in the URL would be logged with it; a query or fragment would corrupt every request path.
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "leak-responder.twilio.base-url must not carry user info, a query or a fragment");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    private static void requireAtLeastOne(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
    }

    /** Mutable builder so tests state only the values they care about. */
    static final class Builder {
        private Optional<URI> baseUrl = Optional.empty();
        private Duration connectTimeout = duration(DEFAULT_CONNECT_TIMEOUT);
        private Duration readTimeout = duration(DEFAULT_READ_TIMEOUT);
        private int maxAttempts = Integer.parseInt(DEFAULT_MAX_ATTEMPTS);
        private Duration initialBackoff = duration(DEFAULT_INITIAL_BACKOFF);
        private Duration maxBackoff = duration(DEFAULT_MAX_BACKOFF);
        private Duration totalBudget = duration(DEFAULT_TOTAL_BUDGET);
        private int globalConcurrency = Integer.parseInt(DEFAULT_GLOBAL_CONCURRENCY);
        private int perAccountConcurrency = Integer.parseInt(DEFAULT_PER_ACCOUNT_CONCURRENCY);
        private int breakerFailureThreshold = Integer.parseInt(DEFAULT_BREAKER_FAILURE_THRESHOLD);
        private Duration breakerOpenDuration = duration(DEFAULT_BREAKER_OPEN_DURATION);

        Builder baseUrl(String url) {
            this.baseUrl = parseBaseUrl(Optional.ofNullable(url));
            return this;
        }

        Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        Builder initialBackoff(Duration d) {
            this.initialBackoff = d;
            return this;
        }

        Builder maxBackoff(Duration d) {
            this.maxBackoff = d;
            return this;
        }

        Builder totalBudget(Duration d) {
            this.totalBudget = d;
            return this;
        }

        Builder globalConcurrency(int n) {
            this.globalConcurrency = n;
            return this;
        }

        Builder perAccountConcurrency(int n) {
            this.perAccountConcurrency = n;
            return this;
        }

        Builder breakerFailureThreshold(int n) {
            this.breakerFailureThreshold = n;
            return this;
        }

        Builder breakerOpenDuration(Duration d) {
            this.breakerOpenDuration = d;
            return this;
        }

        TwilioSettings build() {
            return new TwilioSettings(baseUrl, connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff,
                    totalBudget, globalConcurrency, perAccountConcurrency, breakerFailureThreshold,
                    breakerOpenDuration);
        }

        /** Reads the small "200ms" / "5s" forms used by the defaults above. */
        private static Duration duration(String s) {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            throw new IllegalArgumentException("unsupported default duration " + s);
        }
    }
}
