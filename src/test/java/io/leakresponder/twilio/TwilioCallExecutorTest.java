package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.twilio.TwilioCallExecutor.Step;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shared retry engine on its own, with a classifier that writes down what it was asked; no HTTP involved. */
class TwilioCallExecutorTest {

    private static final String HOST = "api";
    private static final String KEY = "AC00000000000000000000000000000001";

    /** A failure that says itself whether it may be retried and whether it is an outage. */
    record TestFailure(String reason, boolean retry, boolean outage) implements TwilioCallExecutor.CallFailure {
        @Override
        public Integer httpStatus() {
            return 503;
        }

        @Override
        public Integer code() {
            return 20503;
        }
    }

    static final class Boom extends RuntimeException {
        final TestFailure failure;

        Boom(TestFailure failure) {
            this.failure = failure;
        }
    }

    /** Words every failure the executor decides as "kind: why [last]", so tests can see which path was taken. */
    record TestClassifier(boolean write) implements TwilioCallExecutor.Classifier<TestFailure> {
        @Override
        public TestFailure classify(RuntimeException e, Integer status, boolean sent) {
            return ((Boom) e).failure;
        }

        @Override
        public TestFailure unexpectedStatus(int status, String reason) {
            return new TestFailure(reason, true, true);
        }

        @Override
        public boolean retryable(TestFailure failure) {
            return failure.retry();
        }

        @Override
        public TestFailure refused(TestFailure last, String why) {
            return new TestFailure("refused: " + why + (last == null ? "" : " [" + last.reason() + "]"), false, false);
        }

        @Override
        public TestFailure stopped(TestFailure last, String why) {
            return new TestFailure("stopped: " + why + (last == null ? "" : " [" + last.reason() + "]"), false, false);
        }

        @Override
        public TestFailure gaveUp(TestFailure failure, String why) {
            return new TestFailure("gave up: " + why + " [" + failure.reason() + "]", false, false);
        }
    }

    private static final TestClassifier READ = new TestClassifier(false);
    private static final TestClassifier WRITE = new TestClassifier(true);

    private final TwilioSettings settings = TwilioSettings.builder()
            .maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2))
            .totalBudget(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(1))
            .perAccountConcurrency(1)
            .breakerFailureThreshold(2)
            .breakerOpenDuration(Duration.ofSeconds(30))
            .build();
    private final TwilioGuards guards = new TwilioGuards(settings, System::nanoTime);
    private final TwilioCallExecutor executor = new TwilioCallExecutor(settings, guards,
            Logger.getLogger(TwilioCallExecutorTest.class));

    private long budget() {
        return System.nanoTime() + settings.totalBudget().toNanos();
    }

    private <T> Step<T, TestFailure> run(TwilioCallExecutor.Progress progress, TestClassifier classifier,
            Supplier<T> request) {
        return executor.execute(progress, HOST, KEY, budget(), classifier, request);
    }

    private static Supplier<String> failing(AtomicInteger calls, TestFailure failure) {
        return () -> {
            calls.incrementAndGet();
            throw new Boom(failure);
        };
    }

    @Test
    void aSuccessIsReturnedAtOnce() {
        TwilioCallExecutor.Progress progress = new TwilioCallExecutor.Progress();
        Step<String, TestFailure> step = run(progress, READ, () -> "value");
        assertThat(step.ok()).isTrue();
        assertThat(step.value()).isEqualTo("value");
        assertThat(executor.retries()).isZero();
        assertThat(progress.lastStatus).isNull(); // no transport, so no status was recorded
        assertThat(guards.circuitState(HOST)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void retryableFailuresAreRetriedUntilTheAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        TwilioCallExecutor.Progress progress = new TwilioCallExecutor.Progress();
        Step<String, TestFailure> step = run(progress, READ, failing(calls, new TestFailure("flaky", true, false)));
        assertThat(step.ok()).isFalse();
        assertThat(step.failure().reason()).isEqualTo("gave up: retries exhausted [flaky]");
        assertThat(calls).hasValue(3);
        assertThat(executor.retries()).isEqualTo(2);
        assertThat(progress.lastStatus).isEqualTo(503);
        assertThat(progress.lastCode).isEqualTo(20503);
    }

    @Test
    void theClassifierDecidesWhatIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        TestFailure answer = new TestFailure("answer", false, false);
        Step<String, TestFailure> step = run(new TwilioCallExecutor.Progress(), WRITE, failing(calls, answer));
        assertThat(step.failure()).isSameAs(answer);
        assertThat(calls).hasValue(1);
        assertThat(executor.retries()).isZero();
    }

    @Test
    void aSpentBudgetSendsNothing() {
        AtomicInteger calls = new AtomicInteger();
        Step<String, TestFailure> step = executor.execute(new TwilioCallExecutor.Progress(), HOST, KEY,
                System.nanoTime() - 1, READ, failing(calls, new TestFailure("x", true, false)));
        assertThat(step.failure().reason()).isEqualTo("stopped: time budget spent");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aWriteIsNotSentWithoutItsReservedReadTimeoutLeft() {
        AtomicInteger calls = new AtomicInteger();
        // 0.8 s left: enough for a read, not for a write that reserves its full read timeout (1 s).
        long deadline = System.nanoTime() + Duration.ofMillis(800).toNanos();
        Step<String, TestFailure> write = executor.execute(new TwilioCallExecutor.Progress(), HOST, KEY, deadline,
                WRITE, failing(calls, new TestFailure("x", false, false)));
        assertThat(write.failure().reason()).isEqualTo("stopped: time budget spent");
        assertThat(calls).hasValue(0);
        Step<String, TestFailure> read = executor.execute(new TwilioCallExecutor.Progress(), HOST, KEY, deadline,
                READ, () -> "read");
        assertThat(read.value()).isEqualTo("read");
    }

    @Test
    void outagesOpenTheCircuitAndAnOpenCircuitRefuses() {
        AtomicInteger calls = new AtomicInteger();
        run(new TwilioCallExecutor.Progress(), WRITE, failing(calls, new TestFailure("down", false, true)));
        run(new TwilioCallExecutor.Progress(), WRITE, failing(calls, new TestFailure("down", false, true)));
        assertThat(guards.circuitState(HOST)).isEqualTo(CircuitBreaker.State.OPEN);
        Step<String, TestFailure> step = run(new TwilioCallExecutor.Progress(), READ, () -> "never");
        assertThat(step.failure().reason()).isEqualTo("refused: circuit open for Twilio host 'api'");
        assertThat(executor.circuitRejections()).isEqualTo(1);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aThrowableEscapingTheRequestCountsAsAnOutage() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> run(new TwilioCallExecutor.Progress(), READ, () -> {
                throw new AssertionError("escapes");
            })).isInstanceOf(AssertionError.class);
        }
        assertThat(guards.circuitState(HOST)).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void noFreeSlotWithinTheBudgetIsRefused() throws InterruptedException {
        try (ConcurrencyLimiter.Permit held = guards.limiter().acquire(KEY, 1_000_000_000L)) {
            assertThat(held).isNotNull();
            Step<String, TestFailure> step = executor.execute(new TwilioCallExecutor.Progress(), HOST, KEY,
                    System.nanoTime() + Duration.ofMillis(50).toNanos(), READ, () -> "never");
            assertThat(step.failure().reason()).isEqualTo("refused: busy: no request slot free within the time budget");
            assertThat(executor.busyRejections()).isEqualTo(1);
        }
    }
}
