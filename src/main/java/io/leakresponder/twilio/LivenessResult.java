package io.leakresponder.twilio;

import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of one liveness check. It carries no secret, so its {@code toString()} is safe to log.
 *
 * @param verdict            the answer
 * @param region             for LIVE: the Twilio region whose hosts accepted the credential
 * @param accountSid         the account the facts below describe (the checked or revealed AC SID), when known
 * @param accountStatus      for LIVE with account facts: active, suspended or closed
 * @param accountType        for LIVE with account facts: trial or full
 * @param subaccount         for LIVE with account facts: whether the account has a parent (owner_account_sid differs)
 * @param friendlyName       for LIVE with account facts: the account's friendly name
 * @param keyType            for LIVE API keys when known: main, standard or restricted
 * @param revealedAccountSid for API keys checked without an account SID: the AC SID Twilio disclosed, if any
 * @param httpStatus         HTTP status of the deciding (or last) response; null when none arrived
 * @param twilioErrorCode    Twilio error code of that response, when it had one
 * @param reason             a plain explanation, written by this service (never copied from a response)
 * @param attempts           HTTP requests sent for this check
 * @param checkedAt          when the check finished
 */
public record LivenessResult(
        Verdict verdict,
        TwilioRegion region,
        String accountSid,
        AccountStatus accountStatus,
        AccountType accountType,
        Boolean subaccount,
        String friendlyName,
        KeyType keyType,
        String revealedAccountSid,
        Integer httpStatus,
        Integer twilioErrorCode,
        String reason,
        int attempts,
        Instant checkedAt) {

    /** Twilio account status, from the Account resource. */
    public enum AccountStatus {
        ACTIVE, SUSPENDED, CLOSED
    }

    /** Twilio account type, from the Account resource. */
    public enum AccountType {
        TRIAL, FULL
    }

    /** API key type: Main may manage the account, Standard may not, Restricted follows a permission policy. */
    public enum KeyType {
        MAIN, STANDARD, RESTRICTED
    }

    public LivenessResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    public boolean isLive() {
        return verdict == Verdict.LIVE;
    }
}
