package io.leakresponder.twilio;

import io.leakresponder.testsupport.TwilioDouble;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The liveness facade and the rotation facade wired by hand over one transport, as a plain test would, sharing
 * breakers and limiter as in the application; close it after use.
 */
record FacadeUnderTest(TwilioFacade facade, TwilioRotation rotation, TwilioClients clients, TwilioTransport transport,
        TwilioSettings settings) implements AutoCloseable {

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

    /** Wired to {@code twilio} for a whole test class: closed after it. */
    static FacadeUnderTest over(TwilioDouble twilio) {
        return over(twilio, b -> b);
    }

    static FacadeUnderTest over(TwilioDouble twilio, UnaryOperator<TwilioSettings.Builder> tweak) {
        return twilio.closeAfterAll(create(twilio.baseUrl(), tweak));
    }

    static FacadeUnderTest create(String baseUrl) {
        return create(baseUrl, b -> b);
    }

    static FacadeUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak) {
        return create(baseUrl, tweak, System::nanoTime);
    }

    /** With the circuit breakers on the given clock. */
    static FacadeUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak,
            LongSupplier breakerNanoTime) {
        TwilioSettings settings = tweak.apply(fastSettings(baseUrl)).build();
        TwilioTransport transport = new TwilioTransport(settings);
        TwilioClients clients = new TwilioClients(transport);
        TwilioFacade facade = new TwilioFacade(settings, clients, Clock.systemUTC(), breakerNanoTime);
        TwilioRotation rotation = new TwilioRotation(settings, clients, facade, Clock.systemUTC());
        return new FacadeUnderTest(facade, rotation, clients, transport, settings);
    }

    @Override
    public void close() {
        transport.close();
    }
}
