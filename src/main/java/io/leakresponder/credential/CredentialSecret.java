package io.leakresponder.credential;

import java.util.UUID;

/**
 * A decrypted credential, handed to the Twilio facade for the length of one call. Never stored, logged or
 * returned: {@link #toString()} shows only the hint.
 */
public record CredentialSecret(UUID credentialId, CredentialKind kind, String accountSid, String keySid,
        String secret) {

    @Override
    public String toString() {
        return "CredentialSecret[credentialId=" + credentialId + ", kind=" + kind + ", accountSid=" + accountSid
                + ", keySid=" + keySid + ", secret=…" + secret.substring(Math.max(0, secret.length() - 4)) + "]";
    }
}
