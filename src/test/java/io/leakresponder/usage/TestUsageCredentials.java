package io.leakresponder.usage;

import io.leakresponder.twilio.TwilioAuth;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' {@link UsageCredentialProvider}: credentials registered per incident by the test, nothing otherwise
 * (as the application's default). Replaces the default bean in every @QuarkusTest.
 */
@ApplicationScoped
public class TestUsageCredentials implements UsageCredentialProvider {

    static final Map<UUID, TwilioAuth> BY_INCIDENT = new ConcurrentHashMap<>();

    @Override
    public Optional<TwilioAuth> authFor(UUID incidentId) {
        return Optional.ofNullable(BY_INCIDENT.get(incidentId));
    }
}
