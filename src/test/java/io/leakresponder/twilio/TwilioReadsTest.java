package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.leakresponder.twilio.TwilioFailure.Kind;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Single guarded reads: one request, never retried, refused by the shared breaker and limiter. The requests here
 * stand in for SDK calls and never reach the network; a response is recorded as the transport would.
 */
class TwilioReadsTest {

    static final String AC = "AC00000000000000000000000000000r01";
    static final String TOKEN = "00000000000000000000000000000r01";

    final TwilioSettings settings = TwilioSettings.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2))
            .totalBudget(Duration.ofMillis(200))
            .perAccountConcurrency(1)
            .breakerFailureThreshold(2)
            .breakerOpenDuration(Duration.ofMinutes(5))
            .build();
    final TwilioGuards guards = new TwilioGuards(settings, System::nanoTime);
    final TwilioReads reads = new TwilioReads(settings, guards);
    final TwilioRestClient client = new TwilioRestClient.Builder(AC, TOKEN).accountSid(AC).build();
    final AtomicInteger sent = new AtomicInteger();

    /** A request the transport answered with {@code status} and twilio-java turned into {@code e}. */
    <T> java.util.function.Supplier<T> answered(int status, RuntimeException e) {
        return () -> {
            sent.incrementAndGet();
            Exchange.current().recordRequest();
            Exchange.current().recordResponse(status);
            throw e;
        };
    }

    static String named(RuntimeException e, TwilioFailure f) {
        return "ours: " + f.kind() + " " + e.getClass().getSimpleName();
    }

    @Test
    void aSuccessfulReadGivesItsValue() {
        TwilioReads.Read<String> read = reads.readOnce(client, "api", () -> "page", TwilioReadsTest::named);

        assertThat(read.ok()).isTrue();
        assertThat(read.value()).isEqualTo("page");
    }

    @Test
    void aFailureIsSortedByTheSharedClassificationWordedByTheCallerAndNeverRetried() {
        TwilioReads.Read<String> read = reads.readOnce(client, "api",
                answered(503, new ApiException("x", 20503, null, 503, 503, null, null, null)), TwilioReadsTest::named);

        assertThat(sent).hasValue(1);
        assertThat(read.ok()).isFalse();
        assertThat(read.failure()).isEqualTo(new TwilioFailure(Kind.TRANSIENT, 503, 20503,
                "ours: TRANSIENT ApiException", true));
    }

    @Test
    void aRateLimitIsNotRetriedEither() {
        TwilioReads.Read<String> read = reads.readOnce(client, "monitor",
                answered(429, new ApiException("x", 20429, null, 429, 429, null, null, null)), TwilioReadsTest::named);

        assertThat(sent).hasValue(1);
        assertThat(read.failure().kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(guards.circuitState("monitor")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void outagesOpenTheSharedCircuitOfTheHostAndItsRegion() {
        TwilioRestClient dublin = new TwilioRestClient.Builder(AC, TOKEN).accountSid(AC).region("ie1").edge("dublin")
                .build();
        for (int i = 0; i < 2; i++) {
            reads.readOnce(dublin, "api", () -> {
                sent.incrementAndGet();
                throw new ApiConnectionException("failed", new SocketTimeoutException());
            }, TwilioReadsTest::named);
        }

        assertThat(guards.circuitState("api.ie1")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guards.circuitState("api")).isEqualTo(CircuitBreaker.State.CLOSED);
        TwilioReads.Read<String> refused = reads.readOnce(dublin, "api", () -> {
            sent.incrementAndGet();
            return "page";
        }, TwilioReadsTest::named);
        assertThat(sent).hasValue(2);
        assertThat(refused.failure()).isEqualTo(new TwilioFailure(Kind.REFUSED, null, null,
                "circuit open for Twilio host 'api.ie1'", false));
        assertThat(reads.readOnce(client, "api", () -> "page", TwilioReadsTest::named).ok()).isTrue();
    }

    @Test
    void theAccountsRequestLimitIsSharedWithEveryOtherCaller() throws InterruptedException {
        // Another caller (a liveness check, a rotation) holds the account's only request slot.
        try (ConcurrencyLimiter.Permit held = guards.limiter().acquire(AC, Duration.ofSeconds(1).toNanos())) {
            assertThat(held).isNotNull();

            TwilioReads.Read<String> read = reads.readOnce(client, "api", () -> {
                sent.incrementAndGet();
                return "page";
            }, TwilioReadsTest::named);

            assertThat(sent).hasValue(0);
            assertThat(read.failure().kind()).isEqualTo(Kind.REFUSED);
            assertThat(read.failure().reason()).startsWith("busy");
        }
        assertThat(reads.readOnce(client, "api", () -> "page", TwilioReadsTest::named).ok()).isTrue();
    }
}
