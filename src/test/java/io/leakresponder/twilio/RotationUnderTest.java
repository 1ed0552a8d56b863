package io.leakresponder.twilio;

import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A rotation facade wired by hand over its own transport, sharing breakers and limiter with a liveness facade as
 * in the application; close it after use.
 */
record RotationUnderTest(TwilioRotation rotation, TwilioFacade facade, TwilioTransport transport, TwilioSettings settings)
        implements AutoCloseable {

    static RotationUnderTest create(String baseUrl) {
        return create(baseUrl, b -> b);
    }

    static RotationUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak) {
        return create(baseUrl, tweak, System::nanoTime);
    }

    static RotationUnderTest create(String baseUrl, UnaryOperator<TwilioSettings.Builder> tweak,
                                    LongSupplier breakerNanoTime) {
        TwilioSettings settings = tweak.apply(FacadeUnderTest.fastSettings(baseUrl)).build();
        TwilioTransport transport = new TwilioTransport(settings);
        TwilioClients clients = new TwilioClients(transport);
        TwilioFacade facade = new TwilioFacade(settings, clients, Clock.systemUTC(), breakerNanoTime);
        TwilioRotation rotation = new TwilioRotation(settings, clients, facade, Clock.systemUTC());
        return new RotationUnderTest(rotation, facade, transport, settings);
    }

    @Override
    public void close() {
        transport.close();
    }
}
