package io.leakresponder.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret Twilio handed out once (a new Auth Token, a new API key secret). {@code toString()} redacts it and it has
 * no getter-style accessor, so logging, string concatenation or JSON serialisation of a result never shows it;
 * {@link #reveal()} is the one deliberate way out, e.g. to encrypt it into the owner's secret store.
 */
public final class TwilioSecret {

    private final String value;

    private TwilioSecret(String value) {
        this.value = value;
    }

    /** Wraps a value read from a Twilio response; a missing value is an unreadable response. */
    static TwilioSecret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Twilio response lacks the secret");
        }
        return new TwilioSecret(value);
    }

    /** The secret itself. Never log it or put it in a reason, an audit line or an exception message. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time, e.g. to check a promoted token against the secondary created before. */
    public boolean sameAs(TwilioSecret other) {
        return other != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "(redacted)";
    }
}
