package io.leakresponder.twilio;

import com.twilio.exception.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Why a Twilio call did not succeed, for every caller of Twilio (liveness, rotation, usage pulls): one kind, the HTTP
 * status received, Twilio's error code and a reason. Reasons are written here or by the caller, never copied from
 * responses or exception messages (those may quote bodies with secrets).
 *
 * <p>{@link #classify} sorts an SDK failure; callers decide what a kind means to them (a liveness verdict, a
 * rotation status, a pull's run outcome) and may word the reason their own way.
 *
 * @param httpStatus the HTTP status received; null when no response arrived
 * @param code       Twilio's error code from the response body; null without one
 * @param outage     whether the failure counts against the host's circuit breaker
 */
public record TwilioFailure(Kind kind, Integer httpStatus, Integer code, String reason, boolean outage)
        implements
            TwilioCallExecutor.CallFailure {

    /** Twilio error 20003: authentication failed (wrong, revoked or deleted credential, or another region's). */
    public static final int AUTHENTICATE = 20003;
    /** Twilio error 20005: the account is not active. */
    public static final int ACCOUNT_NOT_ACTIVE = 20005;
    /** Twilio error 20403: forbidden, e.g. API access to a suspended or closed account. */
    public static final int ACCOUNT_SUSPENDED = 20403;
    /** Twilio error 20404: the resource was not found. */
    public static final int NOT_FOUND = 20404;
    /** Twilio error 20429: too many requests (the account's concurrency limit). */
    public static final int TOO_MANY_REQUESTS = 20429;
    /** Twilio error 70051: authenticated, but a restricted key without the permission asked for. */
    public static final int RESTRICTED = 70051;

    public enum Kind {
        /** Twilio answered with an error (status and code) other than 429 or 5xx: it did not act. */
        ANSWER,
        /** 429 or code 20429: rejected before processing; safe to send again, also for writes. */
        RATE_LIMITED,
        /**
         * No usable answer that may pass: 5xx, a network failure after the request may have left, an error without a
         * Twilio body, an unreadable answer. A read may be sent again.
         */
        TRANSIENT,
        /** The request never left (connection refused, connect timeout, ...): Twilio cannot have acted. */
        NOT_SENT,
        /** A call that changes something may have been carried out: it must not be sent again blindly. */
        AMBIGUOUS,
        /** Transient failures until the attempts, the time budget or the caller's patience ran out. */
        GAVE_UP,
        /** Not sent: the host's circuit is open or no request slot came in time. */
        REFUSED,
        /** Unexpected, and not worth another try. */
        ERROR
    }

    /**
     * Sorts an SDK failure. {@code status} is the HTTP status actually received (null when no response arrived;
     * twilio-java's own status comes from the body). 429 is a rate limit; 5xx, network failures and errors without
     * a Twilio body are transient (and outages for the breaker), unless the failure proves the request never left;
     * other errors with a Twilio code are answers.
     */
    public static TwilioFailure classify(RuntimeException e, Integer status) {
        if (status == null) {
            IOException io = ioCause(e);
            if (io == null) {
                // Exception messages may quote response bodies; only the type is kept.
                return new TwilioFailure(Kind.ERROR, null, null, "unexpected error: " + e.getClass().getSimpleName(),
                        false);
            }
            return new TwilioFailure(neverSent(e) ? Kind.NOT_SENT : Kind.TRANSIENT, null, null,
                    networkReason(io), true);
        }
        if (status >= 200 && status < 300) {
            return transientFailure(status, null, "unreadable Twilio response (HTTP " + status + ")");
        }
        Integer code = e instanceof ApiException api ? api.getCode() : null;
        if (code == null) {
            // Twilio's own errors always carry a JSON body with a code: this came from something in between.
            return transientFailure(status, null, "HTTP " + status + " without a Twilio error body");
        }
        if (status == 429 || code == TOO_MANY_REQUESTS) {
            // Twilio's per-account concurrency limit: the host is fine, the request was never processed.
            return new TwilioFailure(Kind.RATE_LIMITED, status, code,
                    "rate limited by Twilio (HTTP " + status + ", code " + code + ")", false);
        }
        if (status >= 500) {
            return transientFailure(status, code, "Twilio server error (HTTP " + status + ", code " + code + ")");
        }
        return new TwilioFailure(Kind.ANSWER, status, code, "HTTP " + status + ", code " + code, false);
    }

    /**
     * As {@link #classify}, for calls that must know whether Twilio may have acted (rotation): every failure after
     * which the request may have reached Twilio and been carried out is {@link Kind#AMBIGUOUS}, for reads too (a
     * read's caller retries those); only 429 and failures before sending prove Twilio did nothing. {@code sent}:
     * whether a request left.
     */
    static TwilioFailure classifyActing(RuntimeException e, Integer status, boolean sent, boolean write) {
        TwilioFailure base = classify(e, status);
        return switch (base.kind) {
            case ANSWER, RATE_LIMITED -> base;
            case NOT_SENT -> base.withReason(base.reason + " (request not sent)");
            case TRANSIENT -> {
                if (Objects.equals(status, 429)) {
                    // A 429 without Twilio's body still rejects before processing: safe to send again.
                    yield new TwilioFailure(Kind.RATE_LIMITED, status, null, "rate limited by Twilio (HTTP " + status
                            + ")", false);
                }
                if (status != null && status >= 200 && status < 300) {
                    yield new TwilioFailure(Kind.AMBIGUOUS, status, null,
                            "Twilio answered HTTP " + status + " but the response could not be read", true);
                }
                yield new TwilioFailure(Kind.AMBIGUOUS, base.httpStatus, base.code, base.reason, base.outage);
            }
            // Not an I/O failure: nothing sent means nothing done; after sending, a write may have been carried out.
            default -> sent && write
                    ? new TwilioFailure(Kind.AMBIGUOUS, status, null, base.reason + " after the request was sent",
                            false)
                    : new TwilioFailure(Kind.ERROR, status, null, base.reason, false);
        };
    }

    /** A response the SDK took for success with a status outside 2xx (a redirect): no answer, an outage. */
    static TwilioFailure unexpectedStatus(Kind kind, int status, String reason) {
        return new TwilioFailure(kind, status, null, reason, true);
    }

    /** The last failure when retrying stopped ({@code why}); the kind says retries ran out. */
    static TwilioFailure gaveUp(TwilioFailure last, String why) {
        return last == null
                ? new TwilioFailure(Kind.GAVE_UP, null, null, why, false)
                : new TwilioFailure(Kind.GAVE_UP, last.httpStatus, last.code, last.reason + "; " + why, false);
    }

    /** Not sent because of the circuit or the limiter ({@code why}), after {@code last} (may be null). */
    static TwilioFailure refused(TwilioFailure last, String why) {
        return last == null
                ? new TwilioFailure(Kind.REFUSED, null, null, why, false)
                : new TwilioFailure(Kind.REFUSED, last.httpStatus, last.code, why + " (earlier: " + last.reason + ")",
                        false);
    }

    /**
     * Not sent ({@code why}), for a caller that must tell what may have happened: after a 429 the call stays rate
     * limited whatever stopped the retries, otherwise it was not sent.
     */
    static TwilioFailure notSent(TwilioFailure last, String why) {
        return last == null
                ? new TwilioFailure(Kind.NOT_SENT, null, null, why, false)
                : new TwilioFailure(last.kind, last.httpStatus, last.code, why + " (earlier: " + last.reason + ")",
                        false);
    }

    private static TwilioFailure transientFailure(Integer status, Integer code, String reason) {
        return new TwilioFailure(Kind.TRANSIENT, status, code, reason, true);
    }

    public TwilioFailure withReason(String newReason) {
        return new TwilioFailure(kind, httpStatus, code, newReason, outage);
    }

    /** Whether Twilio answered with this error code. */
    public boolean isAnswer(int twilioCode) {
        return kind == Kind.ANSWER && code != null && code == twilioCode;
    }

    /** Whether Twilio answered with this HTTP status. */
    public boolean isAnswerStatus(int status) {
        return kind == Kind.ANSWER && httpStatus != null && httpStatus == status;
    }

    /** Twilio refused the credential itself: 401 with code 20003. */
    public boolean isRefusedCredential() {
        return isAnswerStatus(401) && isAnswer(AUTHENTICATE);
    }

    /**
     * How reads sort failures: nothing they send changes anything at Twilio, so every failure that may pass (429, 5xx,
     * network) is worth another try; a refused or stopped read gave up. Subclasses may word or retry differently.
     */
    static class Reads implements TwilioCallExecutor.Classifier<TwilioFailure> {

        @Override
        public boolean write() {
            return false;
        }

        @Override
        public TwilioFailure classify(RuntimeException e, Integer status, boolean sent) {
            return TwilioFailure.classify(e, status);
        }

        @Override
        public TwilioFailure unexpectedStatus(int status, String reason) {
            return TwilioFailure.unexpectedStatus(Kind.TRANSIENT, status, reason);
        }

        @Override
        public boolean retryable(TwilioFailure failure) {
            return switch (failure.kind) {
                case TRANSIENT, RATE_LIMITED, NOT_SENT -> true;
                default -> false;
            };
        }

        @Override
        public TwilioFailure refused(TwilioFailure last, String why) {
            return TwilioFailure.refused(last, why);
        }

        @Override
        public TwilioFailure stopped(TwilioFailure last, String why) {
            return TwilioFailure.gaveUp(last, why);
        }

        @Override
        public TwilioFailure gaveUp(TwilioFailure failure, String why) {
            return TwilioFailure.gaveUp(failure, why);
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** Failures that happen before a single byte of the request can have reached Twilio. */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException
                    || t instanceof ConnectionRequestTimeoutException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String networkReason(IOException io) {
        if (io instanceof ConnectTimeoutException) {
            return "timed out connecting to Twilio";
        }
        if (io instanceof SocketTimeoutException) {
            return "timed out waiting for Twilio's response";
        }
        if (io instanceof ConnectException) {
            return "connection to Twilio refused or unreachable";
        }
        if (io instanceof UnknownHostException) {
            return "Twilio host name could not be resolved";
        }
        if (io instanceof SSLException) {
            return "TLS with Twilio failed";
        }
        return "network error talking to Twilio (" + io.getClass().getSimpleName() + ")";
    }
}
