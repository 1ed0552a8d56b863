package io.leakresponder.usage;

import io.leakresponder.twilio.TwilioAuth;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Used until a feature provides credentials: every pull then stops as NO_CREDENTIAL (fails closed). */
@DefaultBean
@ApplicationScoped
class NoUsageCredentials implements UsageCredentialProvider {

    @Override
    public Optional<TwilioAuth> authFor(UUID incidentId) {
        return Optional.empty();
    }
}
