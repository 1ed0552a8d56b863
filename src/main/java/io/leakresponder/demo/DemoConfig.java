package io.leakresponder.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo switch: a built-in Twilio simulator and seeded sample incidents, for trying the service out. */
@ConfigMapping(prefix = "leak-responder.demo")
public interface DemoConfig {

    /**
     * Serves the Twilio simulator under {@code /demo/twilio}, routes Twilio requests to it and seeds sample incidents
     * into an empty database. Refused in production (the packaged application): start-up fails. Environment variable
     * {@code LEAK_RESPONDER_DEMO}.
     */
    @WithDefault("false")
    boolean enabled();
}
