package io.leakresponder.twilio;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring: settings from {@link TwilioConfig}, one shared transport (closed at shutdown), the client factory. */
@Singleton
class TwilioProducers {

    @Produces
    @Singleton
    TwilioSettings settings(TwilioConfig config) {
        return new TwilioSettings(
                TwilioSettings.parseBaseUrl(config.baseUrl()),
                config.connectTimeout(),
                config.readTimeout(),
                config.retry().maxAttempts(),
                config.retry().initialBackoff(),
                config.retry().maxBackoff(),
                config.retry().totalBudget(),
                config.concurrency().global(),
                config.concurrency().perAccount(),
                config.circuitBreaker().failureThreshold(),
                config.circuitBreaker().openDuration());
    }

    @Produces
    @Singleton
    TwilioTransport transport(TwilioSettings settings) {
        return new TwilioTransport(settings);
    }

    void close(@Disposes TwilioTransport transport) {
        transport.close();
    }

    @Produces
    @Singleton
    TwilioClients clients(TwilioTransport transport) {
        return new TwilioClients(transport);
    }
}
