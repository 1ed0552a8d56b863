package io.leakresponder.credential;

import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.TwilioRegion;
import java.util.UUID;

/**
 * A decrypted credential, handed to the Twilio facade for the length of one call. Never stored, logged or
 * returned: {@link #toString()} shows only the hint. {@code region} is where it was last found working; null
 * when not known yet.
 */
public record CredentialSecret(UUID credentialId, CredentialKind kind, String accountSid, String keySid,
        String secret, TwilioRegion region) {

    /** The credential as a Twilio caller, in its own region; needs the account SID. */
    public TwilioAuth toAuth() {
        TwilioAuth auth = keySid == null
                ? TwilioAuth.authToken(accountSid, secret)
                : TwilioAuth.apiKey(accountSid, keySid, secret);
        return auth.in(region);
    }

    @Override
    public String toString() {
        return "CredentialSecret[credentialId=" + credentialId + ", kind=" + kind + ", accountSid=" + accountSid
                + ", keySid=" + keySid + ", region=" + region + ", secret=…"
                + secret.substring(Math.max(0, secret.length() - 4)) + "]";
    }
}
