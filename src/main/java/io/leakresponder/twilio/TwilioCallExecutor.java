package io.leakresponder.twilio;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one logical Twilio request (one SDK call) with retries, exponential back-off with full jitter, a time
 * budget, the concurrency limiter and the circuit breaker of its host ({@link TwilioGuards}, shared by all callers).
 *
 * <p>What a failure means, and how the reasons are worded, belongs to the caller: a {@link Classifier} sorts each
 * failure and says whether it may be sent again. A classifier for writes never lets a failure be retried that may
 * have been carried out. Each caller ({@link TwilioFacade}, {@link TwilioRotation}, {@link TwilioReads}) owns one
 * executor, with its own settings, counters and logger; all share one {@link TwilioGuards}.
 */
final class TwilioCallExecutor {

    /** The parts of a caller's failure the executor reads. */
    interface CallFailure {
        Integer httpStatus();

        Integer code();

        /** Whether the failure counts against the host's circuit breaker. */
        boolean outage();
    }

    /**
     * Sorts the failures of one kind of call. Reasons are written by the classifier or the executor, never copied
     * from responses or exception messages.
     */
    interface Classifier<F extends CallFailure> {

        /**
         * Whether the call may change something at Twilio. A write gets a full read timeout (at most half the
         * budget) for each attempt, and its classifier must not retry failures after which Twilio may have acted.
         */
        boolean write();

        /** Sorts an SDK failure; {@code status} is the HTTP status received, {@code sent} whether a request left. */
        F classify(RuntimeException e, Integer status, boolean sent);

        /** A response the SDK took for success with a status outside 2xx; {@code reason} is written for it. */
        F unexpectedStatus(int status, String reason);

        /** Whether the call may be sent again after {@code failure}. */
        boolean retryable(F failure);

        /** Not sent: the circuit is open or no request slot came in time. {@code last} may be null. */
        F refused(F last, String why);

        /** Not sent: the budget was spent or the wait was interrupted. {@code last} may be null. */
        F stopped(F last, String why);

        /** No further try after the retryable {@code failure}: attempts, budget or patience ran out. */
        F gaveUp(F failure, String why);
    }

    /** What one logical call has sent so far; the caller's per-call state extends it. */
    static class Progress {
        /** HTTP requests sent. */
        int attempts;
        /** HTTP status of the last attempt; null when no response arrived. */
        Integer lastStatus;
        /** Twilio error code of the last attempt; null after a success or without one. */
        Integer lastCode;
    }

    record Step<T, F>(T value, F failure) {
        static <T, F> Step<T, F> ok(T value) {
            return new Step<>(value, null);
        }

        static <T, F> Step<T, F> failed(F failure) {
            return new Step<>(null, failure);
        }

        boolean ok() {
            return failure == null;
        }
    }

    private record Attempt<T, F>(T value, F failure) {
        static <T, F> Attempt<T, F> ok(T value) {
            return new Attempt<>(value, null);
        }

        static <T, F> Attempt<T, F> failed(F failure) {
            return new Attempt<>(null, failure);
        }
    }

    private final TwilioSettings settings;
    private final TwilioGuards guards;
    private final Logger log;
    private final Backoff backoff;
    private final long writeReserveNanos;

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder circuitRejections = new LongAdder();
    private final LongAdder busyRejections = new LongAdder();

    /** {@code log} is the caller's, so its log lines keep their category. */
    TwilioCallExecutor(TwilioSettings settings, TwilioGuards guards, Logger log) {
        this.settings = settings;
        this.guards = guards;
        this.log = log;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        // At most half the budget, so a budget shorter than the read timeout still leaves time to get a slot.
        this.writeReserveNanos = Math.min(settings.readTimeout().toNanos(), settings.totalBudget().toNanos() / 2);
    }

    long requests() {
        return requests.sum();
    }

    long retries() {
        return retries.sum();
    }

    long circuitRejections() {
        return circuitRejections.sum();
    }

    long busyRejections() {
        return busyRejections.sum();
    }

    /**
     * Runs {@code request} until it succeeds, fails in a way {@code classifier} does not retry, or the attempts
     * ({@code maxAttempts}) or the time up to {@code deadlineNanos} run out. Requests are counted in
     * {@code progress}; concurrency is limited by {@code limitKey} (an account or key SID).
     */
    <T, F extends CallFailure> Step<T, F> execute(Progress progress, String host, String limitKey, long deadlineNanos,
            Classifier<F> classifier, Supplier<T> request) {
        // A write waits for its full read timeout: cutting the wait short would make an outcome unknown for nothing.
        return execute(progress, host, limitKey, deadlineNanos, classifier.write() ? writeReserveNanos : 0, classifier,
                request);
    }

    /**
     * As above, keeping {@code reserveNanos} (when positive) of the time before the deadline for each request: no
     * request is sent with less left, and each waits that long for its response whatever the deadline says.
     */
    <T, F extends CallFailure> Step<T, F> execute(Progress progress, String host, String limitKey, long deadlineNanos,
            long reserveNanos, Classifier<F> classifier, Supplier<T> request) {
        CircuitBreaker breaker = guards.breaker(host);
        long reserve = Math.max(0, reserveNanos);
        F last = null;
        for (int attempt = 1;; attempt++) {
            if (breaker.isRefusing()) {
                circuitRejections.increment();
                return Step.failed(classifier.refused(last, "circuit open for Twilio host '" + host + "'"));
            }
            long window = deadlineNanos - System.nanoTime() - reserve;
            if (window <= 0) {
                return Step.failed(classifier.stopped(last, "time budget spent"));
            }
            ConcurrencyLimiter.Permit permit;
            try {
                permit = guards.limiter().acquire(limitKey, window);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Step.failed(classifier.stopped(last, "interrupted"));
            }
            if (permit == null) {
                busyRejections.increment();
                return Step.failed(classifier.refused(last, "busy: no request slot free within the time budget"));
            }
            Attempt<T, F> outcome = null;
            try (permit) {
                if (!breaker.tryAcquire()) {
                    circuitRejections.increment();
                    return Step.failed(classifier.refused(last, "circuit open for Twilio host '" + host + "'"));
                }
                try {
                    outcome = attemptOnce(progress, reserve > 0 ? System.nanoTime() + reserve : deadlineNanos,
                            classifier, request);
                } finally {
                    // A throwable escaping attemptOnce counts as an outage so a half-open probe is never lost.
                    if (outcome == null || outcome.failure() != null && outcome.failure().outage()) {
                        if (breaker.onFailure()) {
                            log.warnf("Circuit for Twilio host '%s' opened for %s", host,
                                    settings.breakerOpenDuration());
                        }
                    } else {
                        breaker.onSuccess();
                    }
                }
            }
            if (outcome.failure() == null) {
                return Step.ok(outcome.value());
            }
            F failure = outcome.failure();
            if (!classifier.retryable(failure)) {
                return Step.failed(failure);
            }
            last = failure;
            if (attempt >= settings.maxAttempts()) {
                return Step.failed(classifier.gaveUp(failure, "retries exhausted"));
            }
            long sleep = backoff.sleepNanos(attempt);
            if (sleep >= deadlineNanos - System.nanoTime() - reserve) {
                return Step.failed(classifier.gaveUp(failure, "time budget spent"));
            }
            retries.increment();
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Step.failed(classifier.gaveUp(failure, "interrupted"));
            }
        }
    }

    private <T, F extends CallFailure> Attempt<T, F> attemptOnce(Progress progress, long deadlineNanos,
            Classifier<F> classifier, Supplier<T> request) {
        try (Exchange exchange = Exchange.open(deadlineNanos)) {
            try {
                T value = request.get();
                Integer status = exchange.httpStatus();
                progress.lastStatus = status;
                progress.lastCode = null;
                if (status != null && (status < 200 || status > 299)) {
                    // The SDK accepts 3xx as success; Twilio never redirects API calls, so this is not an answer.
                    return Attempt.failed(classifier.unexpectedStatus(status, "unexpected HTTP " + status));
                }
                return Attempt.ok(value);
            } catch (RuntimeException e) {
                F failure = classifier.classify(e, exchange.httpStatus(), exchange.requests() > 0);
                progress.lastStatus = failure.httpStatus();
                progress.lastCode = failure.code();
                return Attempt.failed(failure);
            } finally {
                progress.attempts += exchange.requests();
                requests.add(exchange.requests());
            }
        }
    }
}
