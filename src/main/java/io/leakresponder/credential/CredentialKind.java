package io.leakresponder.credential;

/** What a leaked credential is, as far as the evidence tells. */
public enum CredentialKind {
    /** Account SID + 32-hex Auth Token: the account's master credential. */
    AUTH_TOKEN,
    /** API Key SID + secret. */
    API_KEY,
    /** Only an Account SID was seen: an identifier, not a secret. */
    ACCOUNT_SID,
    /** Only an API Key SID was seen: an identifier, not a secret. */
    API_KEY_SID,
    /** Only a hash of the value was seen (detect-secrets): the value itself is needed to act. */
    HASHED_SECRET,
    /** A platform alert without any value (GitHub webhook): the value is needed to act. */
    UNRESOLVED_ALERT;

    public boolean isSecret() {
        return this == AUTH_TOKEN || this == API_KEY;
    }

    /**
     * The runbook to follow, as a path under the service's resources (and the repository): API keys, also when
     * only the SID was seen, have their own; everything else follows the Auth Token one.
     */
    public String runbook() {
        return this == API_KEY || this == API_KEY_SID
                ? "runbooks/twilio-api-key-leak.md"
                : "runbooks/twilio-auth-token-leak.md";
    }
}
