package io.leakresponder.usage;

import io.leakresponder.twilio.TwilioAuth;
import java.util.Optional;
import java.util.UUID;

/**
 * Supplies the credential a usage pull authenticates with, at the moment the pull runs: the account's registered
 * admin credential, or the leaked one while it is live and the responder allows it. Implemented by the incident
 * feature; the audit never stores the credential, not even in job payloads.
 *
 * <p>Called on job threads without a request context or transaction; it may open its own short ones. An empty
 * answer marks the pull {@code NO_CREDENTIAL} and the audit INCOMPLETE until it is refreshed.
 */
public interface UsageCredentialProvider {

    /** The credential for the incident's audit, decrypted; empty when none may be used now. */
    Optional<TwilioAuth> authFor(UUID incidentId);
}
