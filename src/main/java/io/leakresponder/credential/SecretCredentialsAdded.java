package io.leakresponder.credential;

import java.util.List;
import java.util.UUID;

/** Fired inside the ingest transaction when credentials with a secret value were created or got their value. */
public record SecretCredentialsAdded(List<UUID> credentialIds) {
}
