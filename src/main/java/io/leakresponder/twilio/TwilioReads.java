package io.leakresponder.twilio;

import com.twilio.http.TwilioRestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Single reads for features that page through Twilio themselves (the usage audit's pulls), through the same
 * circuit breakers and concurrency limiter as {@link TwilioFacade} and {@link TwilioRotation}: an account's pulls,
 * liveness checks and rotation never exceed its request limit together, and an outage seen by one opens the host's
 * circuit for all.
 *
 * <p>Each read sends at most one request and is never retried here: the caller pages, and retries in place with its
 * own back-off and counting (a usage pull counts 429 answers and reschedules itself after a storm), so no page is
 * retried twice over. A read waits up to the time budget ({@code totalBudget}) for a request slot, and its request
 * then always has the full read timeout: a page of a thousand records may take longer than a liveness check.
 */
@ApplicationScoped
public class TwilioReads {

    private static final Logger LOG = Logger.getLogger(TwilioReads.class);

    private final TwilioSettings settings;
    private final TwilioCallExecutor executor;

    @Inject
    TwilioReads(TwilioSettings settings, TwilioFacade facade) {
        this(settings, facade.guards());
    }

    /** Plain construction without CDI (tests): reads guarded by {@code guards}. */
    TwilioReads(TwilioSettings settings, TwilioGuards guards) {
        this.settings = settings;
        this.executor = new TwilioCallExecutor(settings, guards, LOG);
    }

    /**
     * Reads with the default settings and breakers and a limiter of their own, not shared with anything; for plain
     * tests and benchmarks without CDI.
     */
    public static TwilioReads standalone() {
        TwilioSettings settings = TwilioSettings.defaults();
        return new TwilioReads(settings, new TwilioGuards(settings, System::nanoTime));
    }

    /** What one read gave: its value, or why there is none. */
    public record Read<T>(T value, TwilioFailure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * Words the reason of a failed request for the caller, from the failure as {@link TwilioFailure#classify} sorted
     * it and the SDK's exception. Read the exception's type only: its message may quote a response body.
     */
    @FunctionalInterface
    public interface Reasons {
        String reason(RuntimeException e, TwilioFailure failure);
    }

    /**
     * Runs {@code request} (one SDK call with {@code client}) once, on this thread, guarded by the circuit breaker of
     * {@code product}'s host in the client's region and by the concurrency limit of the client's account. A failed
     * request is sorted by {@link TwilioFailure#classify} and worded by {@code reasons}; a read refused by the breaker
     * or the limiter (kind {@link TwilioFailure.Kind#REFUSED}) or stopped (kind {@link TwilioFailure.Kind#GAVE_UP})
     * sent nothing.
     */
    public <T> Read<T> readOnce(TwilioRestClient client, String product, Supplier<T> request, Reasons reasons) {
        long reserve = settings.readTimeout().toNanos();
        long deadline = System.nanoTime() + settings.totalBudget().toNanos() + reserve;
        TwilioCallExecutor.Step<T, TwilioFailure> step = executor.execute(new TwilioCallExecutor.Progress(),
                host(product, client), client.getAccountSid(), deadline, reserve, new Once(reasons), request);
        return new Read<>(step.value(), step.failure());
    }

    /** The breaker name of a product's host in the client's region, as {@link TwilioFacade#host} names it. */
    static String host(String product, TwilioRestClient client) {
        String region = client.getRegion() == null ? "" : client.getRegion().toLowerCase(Locale.ROOT);
        return region.isBlank() || region.equals(TwilioRegion.US1.code()) ? product : product + "." + region;
    }

    /** Sorts with the shared classification, words with the caller's, and never retries. */
    private static final class Once extends TwilioFailure.Reads {
        private final Reasons reasons;

        Once(Reasons reasons) {
            this.reasons = reasons;
        }

        @Override
        public TwilioFailure classify(RuntimeException e, Integer status, boolean sent) {
            TwilioFailure failure = super.classify(e, status, sent);
            return failure.withReason(reasons.reason(e, failure));
        }

        @Override
        public boolean retryable(TwilioFailure failure) {
            return false;
        }
    }
}
