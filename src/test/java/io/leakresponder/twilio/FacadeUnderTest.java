package io.leakresponder.twilio;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/** A facade wired by hand, as a plain test would, with its own transport; close it after use. */
record FacadeUnderTest(TwilioFacade facade, TwilioClients clients, TwilioTransport transport, TwilioSettings settings)
        implements AutoCloseable {

    /** Fast settings for tests: short back-off and budget so failure paths finish in well under a second. */
    static TwilioSettings.Builder fastSettings(String baseUrl) {
        return TwilioSettings.builder()
                .baseUrl(baseUrl)
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2))
                .maxAttempts(4)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .totalBudget(Duration.ofSeconds(5));
    }

    static FacadeUnderTest create(String baseUrl) {
        return create(baseUrl, b -> b);
    }

    static FacadeUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak) {
        return create(baseUrl, tweak, System::nanoTime);
    }

    /** With the circuit breakers on the given clock. */
    static FacadeUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak, LongSupplier breakerNanoTime) {
        TwilioSettings settings = tweak.apply(fastSettings(baseUrl)).build();
        TwilioTransport transport = new TwilioTransport(settings);
        TwilioClients clients = new TwilioClients(transport);
        TwilioFacade facade = new TwilioFacade(settings, clients, Clock.systemUTC(), breakerNanoTime);
        return new FacadeUnderTest(facade, clients, transport, settings);
    }

    @Override
    public void close() {
        transport.close();
    }
}
