package io.leakresponder.twilio;

import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of one {@link TwilioRotation} call. It holds no secret in clear ({@link TwilioSecret} redacts), so its
 * {@code toString()} is safe to log.
 *
 * @param operation       what was asked
 * @param status          how it ended; see {@link Status}
 * @param value           the result when {@link Status#OK} (null for deletes); see each operation for exceptions
 * @param httpStatus      HTTP status of the deciding (or last) response; null when none arrived
 * @param twilioErrorCode Twilio error code of that response, when it had one
 * @param reason          a plain explanation written by this service, never copied from a response
 * @param attempts        HTTP requests sent for this call
 * @param finishedAt      when the call finished
 */
public record RotationOutcome<T>(
        Operation operation,
        Status status,
        T value,
        Integer httpStatus,
        Integer twilioErrorCode,
        String reason,
        int attempts,
        Instant finishedAt) {

    /** The calls {@link TwilioRotation} makes. */
    public enum Operation {
        CREATE_SECONDARY_AUTH_TOKEN(true, "create a secondary auth token"), PROMOTE_SECONDARY_AUTH_TOKEN(true,
                "promote the secondary auth token"), DELETE_SECONDARY_AUTH_TOKEN(true,
                        "delete the secondary auth token"), CREATE_API_KEY(true,
                                "create an API key"), DELETE_API_KEY(true, "delete an API key"), DELETE_IAM_KEY(true,
                                        "delete an API key through the IAM API"), DELETE_SIGNING_KEY(true,
                                                "delete a signing key"), LIST_API_KEYS(false,
                                                        "list API keys"), LIST_SUBACCOUNTS(false,
                                                                "list subaccounts"), LIST_SIGNING_KEYS(false,
                                                                        "list signing keys"), LIST_IAM_KEYS(false,
                                                                                "list API keys of the IAM API"), FETCH_SUBACCOUNT_CREDENTIAL(
                                                                                        false,
                                                                                        "read a subaccount's own auth token"), CHECK_AUTHENTICATES(
                                                                                                false,
                                                                                                "check that the credential authenticates");

        private final boolean write;
        private final String description;

        Operation(boolean write, String description) {
            this.write = write;
            this.description = description;
        }

        /** Writes change the account and are never repeated after a request that may have reached Twilio. */
        public boolean isWrite() {
            return write;
        }

        public String description() {
            return description;
        }
    }

    /** How a call ended. Only {@link #OK} and {@link #UNKNOWN_OUTCOME} may have changed anything at Twilio. */
    public enum Status {
        /** Done; {@code value} holds the result. */
        OK,
        /**
         * Twilio rejected the credential used (HTTP 401): it no longer works, e.g. it was rotated or deleted outside
         * this workflow (or an API key belongs to another region). Nothing was changed.
         */
        UNAUTHORIZED,
        /**
         * The credential works but may not do this: a Standard or Restricted API key (these need a Main API key or
         * the account's Auth Token), or an account Twilio refuses API access to (403). Nothing was changed.
         */
        FORBIDDEN,
        /** Twilio found no such resource (404); for a delete, it is already gone. Nothing was changed. */
        NOT_FOUND,
        /** Twilio refused the request for another reason (a 4xx with a Twilio error code). Nothing was changed. */
        REJECTED,
        /** Twilio's concurrency limit (429) held until the attempts or the time budget ran out. Nothing was changed. */
        RATE_LIMITED,
        /**
         * No usable answer: for reads, 5xx, timeouts and connection failures until the retries ran out; for writes,
         * only failures that prove the request never reached Twilio (connection refused, connect timeout, open
         * circuit, no request slot). Nothing was changed; try again later.
         */
        UNAVAILABLE,
        /**
         * A write was sent and nothing tells whether Twilio carried it out (5xx, response timeout, connection lost
         * after sending, unreadable success response). It was not repeated; reconcile before trying again (the
         * reason says how).
         */
        UNKNOWN_OUTCOME,
        /** An argument was malformed; no request was sent. */
        INVALID_INPUT,
        /** An unexpected failure; for a write, no request had been sent. */
        ERROR
    }

    public RotationOutcome {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** A write that may or may not have taken effect: reconcile before repeating it. */
    public boolean isUnknownOutcome() {
        return status == Status.UNKNOWN_OUTCOME;
    }

    /** Nothing was changed and the same call may succeed later (rate limit or outage). */
    public boolean isRetryableLater() {
        return status == Status.RATE_LIMITED || status == Status.UNAVAILABLE;
    }
}
