package io.leakresponder.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.List;

/** Builds the receiver URL policy from configuration. */
@ApplicationScoped
class TargetPolicyProducer {

    @Produces
    @Singleton
    TargetPolicy policy(NotifyConfig config) {
        return new TargetPolicy(config.requireHttps(), config.allowedPrivateTargets().orElse(List.of()),
                InetAddress::getAllByName);
    }
}
