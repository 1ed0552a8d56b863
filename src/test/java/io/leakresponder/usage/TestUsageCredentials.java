package io.leakresponder.usage;

import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.audit.IncidentUsageCredentials;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' {@link UsageCredentialProvider}: credentials registered per incident by a test win; otherwise the
 * application's own provider answers, so the incident tests exercise the real choice of credential.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestUsageCredentials implements UsageCredentialProvider {

    static final Map<UUID, TwilioAuth> BY_INCIDENT = new ConcurrentHashMap<>();

    @Inject
    IncidentUsageCredentials application;

    @Override
    public Optional<TwilioAuth> authFor(UUID incidentId) {
        TwilioAuth registered = BY_INCIDENT.get(incidentId);
        return registered != null ? Optional.of(registered) : application.authFor(incidentId);
    }
}
