package io.leakresponder.demo;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The demo never runs in production: with the switch on, only dev mode and tests may start. */
@Singleton
class DemoGuard {

    private static final Logger LOG = Logger.getLogger(DemoGuard.class);

    @Inject
    DemoConfig config;

    /** First of all start-up work (priority 0), so that no job or other start-up step runs in a refused demo. */
    void check(@Observes @Priority(0) StartupEvent event) {
        refuseInProduction(config.enabled(), LaunchMode.current());
        if (config.enabled()) {
            LOG.warn("DEMO MODE: Twilio is simulated at " + SimulatorRoutes.PATH + " with fake credentials and sample "
                    + "incidents; nothing here reaches Twilio. Never use demo mode for real incidents.");
        }
    }

    /**
     * Stops start-up when the demo is switched on outside dev mode and tests: its simulator would accept the
     * published fake credentials and its sample incidents would mix with real ones.
     */
    static void refuseInProduction(boolean demoEnabled, LaunchMode mode) {
        if (demoEnabled && !mode.isDevOrTest()) {
            throw new IllegalStateException("leak-responder.demo.enabled (LEAK_RESPONDER_DEMO) is on, but the demo "
                    + "runs only in dev mode (./mvnw quarkus:dev) and tests, never in production: unset "
                    + "LEAK_RESPONDER_DEMO to start the service");
        }
    }
}
