package io.leakresponder.twilio;

/** Answer to "does this Twilio credential still work?". */
public enum Verdict {
    /** Twilio accepted the credential. */
    LIVE,
    /** Twilio rejected it (HTTP 401, code 20003): wrong, revoked or deleted, or a key from another region. */
    NOT_LIVE,
    /** No answer could be had (outage, rate limit, timeout, busy, suspended account, unexpected answer): check again later. */
    INDETERMINATE,
    /** The input cannot be checked (missing or malformed SID or secret); no request was sent. */
    NOT_CHECKABLE
}
