package io.leakresponder.audit;

import io.leakresponder.account.AccountCredentialService;
import io.leakresponder.credential.CredentialSecret;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.Verdict;
import io.leakresponder.usage.UsageCredentialProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Optional;
import java.util.UUID;

/**
 * What a usage pull authenticates with: the account's registered admin credential, or — only when the responder
 * allowed it and the last check said LIVE — the leaked credential itself.
 */
@ApplicationScoped
public class IncidentUsageCredentials implements UsageCredentialProvider {

    private final IncidentService incidents;
    private final CredentialService credentials;
    private final AccountCredentialService accounts;
    private final LivenessService liveness;
    private final UsageAuditChoice.Repository choices;

    IncidentUsageCredentials(IncidentService incidents, CredentialService credentials,
            AccountCredentialService accounts, LivenessService liveness, UsageAuditChoice.Repository choices) {
        this.incidents = incidents;
        this.credentials = credentials;
        this.accounts = accounts;
        this.liveness = liveness;
        this.choices = choices;
    }

    @Override
    @ActivateRequestContext // called on job threads
    public Optional<TwilioAuth> authFor(UUID incidentId) {
        Optional<UUID> found = incidents.findCredentialOf(incidentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UUID credentialId = found.get();
        var credential = credentials.view(credentialId).orElseThrow();
        if (credential.accountSid() != null) {
            Optional<TwilioAuth> admin = accounts.authFor(credential.accountSid());
            if (admin.isPresent()) {
                return admin;
            }
        }
        boolean allowed = choices.findByIdOptional(incidentId).map(c -> c.allowLeaked).orElse(false);
        boolean live = liveness.status(credentialId).map(s -> s.lastVerdict() == Verdict.LIVE).orElse(false);
        if (!allowed || !live || credential.accountSid() == null) {
            return Optional.empty();
        }
        Optional<CredentialSecret> secret = credentials.secretFor(credentialId);
        // In the region the credential was found working in: credentials are region-specific.
        return secret.map(CredentialSecret::toAuth);
    }
}
