package io.leakresponder.twilio;

import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.TwilioDouble;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Global and per-account limits on requests in flight, measured on the server side. */
class TwilioFacadeConcurrencyTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.readOnly();

    @BeforeEach
    void hold() {
        // Each account checked is live with its own fixture token only (stubbed where it is checked); anything
        // else is refused as Twilio does. The probe holds each request 150 ms.
        twilio.probe().reset(150);
    }

    @Test
    void noMoreThanTheGlobalLimitIsInFlight() throws Exception {
        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.globalConcurrency(4).perAccountConcurrency(2))) {
            List<LivenessResult> results = runConcurrently(30, i -> ac(0x4000 + i), fut.facade());

            assertThat(results).allMatch(LivenessResult::isLive);
            assertThat(twilio.probe().maxInFlight()).isEqualTo(4);
            assertThat(twilio.probe().maxInFlightForAnyAccount()).isEqualTo(1);
        }
    }

    @Test
    void noMoreThanThePerAccountLimitIsInFlightForOneAccount() throws Exception {
        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.globalConcurrency(10).perAccountConcurrency(2))) {
            List<LivenessResult> results = runConcurrently(12, i -> ac(0x4100), fut.facade());

            assertThat(results).allMatch(LivenessResult::isLive);
            assertThat(twilio.probe().maxInFlightForAnyAccount()).isEqualTo(2);
            assertThat(twilio.probe().maxInFlight()).isEqualTo(2);
            assertThat(fut.facade().limiter().trackedKeys()).isZero(); // per-account semaphores are dropped
        }
    }

    @Test
    void bothLimitsHoldTogether() throws Exception {
        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.globalConcurrency(5).perAccountConcurrency(2))) {
            // 40 checks over 4 accounts: per account at most 2, overall at most 5.
            List<LivenessResult> results = runConcurrently(40, i -> ac(0x4200 + i % 4), fut.facade());

            assertThat(results).allMatch(LivenessResult::isLive);
            assertThat(twilio.probe().maxInFlightForAnyAccount()).isLessThanOrEqualTo(2);
            assertThat(twilio.probe().maxInFlight()).isLessThanOrEqualTo(5).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void waitingForAPermitCountsAgainstTheBudget() throws Exception {
        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.globalConcurrency(1).totalBudget(Duration.ofMillis(300)))) {
            try (ConcurrencyLimiter.Permit held = fut.facade().limiter().acquire("someone-else", 1_000_000_000L)) {
                assertThat(held).isNotNull();
                long start = System.nanoTime();
                LivenessResult r = fut.facade().checkAuthToken(ac(0x4300), TOKEN);
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;

                assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
                assertThat(r.reason()).startsWith("busy");
                assertThat(r.attempts()).isZero();
                assertThat(elapsedMs).isBetween(250L, 2_500L);
                assertThat(fut.facade().counters().busyRejections()).isEqualTo(1);
            }
        }
        assertThat(twilio.requests()).isEmpty();
    }

    private static List<LivenessResult> runConcurrently(int checks, IntFunction<String> accountOf, TwilioFacade facade)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(checks);
        try {
            List<Future<LivenessResult>> futures = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                String ac = accountOf.apply(i);
                twilio.account(ac, ac, TOKEN, ac, "active", "Full");
                futures.add(pool.submit(() -> facade.checkAuthToken(ac, TOKEN)));
            }
            List<LivenessResult> results = new ArrayList<>();
            for (Future<LivenessResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
