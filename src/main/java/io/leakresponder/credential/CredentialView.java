package io.leakresponder.credential;

import java.time.Instant;
import java.util.UUID;

/** What the API shows of a credential: kind, SIDs (identifiers) and the secret's hint, never the secret. */
public record CredentialView(UUID id, CredentialKind kind, String accountSid, String keySid, String hint,
        boolean needsSecret, boolean secretStored, Instant firstSeenAt, Instant exposureStart) {

    static CredentialView of(Credential c) {
        return new CredentialView(c.id, c.kind, c.accountSid, c.keySid, c.secretHint, c.needsSecret,
                c.secretCiphertext != null, c.firstSeenAt, c.exposureStart);
    }
}
