package io.leakresponder.incident;

/** How an incident ended. */
public enum Resolution {
    /** The credential was rotated or revoked, consumers replaced, usage audited: the normal end. */
    REVOKED,
    /** Not a Twilio credential, or not a secret after all. */
    FALSE_POSITIVE,
    /** A test credential with no access to anything real. */
    TEST_CREDENTIAL,
    /** It never worked: every check said NOT_LIVE. */
    NEVER_LIVE,
    /** Risk knowingly accepted by an admin. */
    ACCEPTED_RISK
}
