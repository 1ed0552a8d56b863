package io.leakresponder.demo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Demo on, with Twilio requests routed to the app's own simulator on a fixed test port. */
public class DemoTestProfile implements QuarkusTestProfile {

    /** Fixed, because the simulator's base URL must name it before the server starts; unusual, to avoid clashes. */
    static final int PORT = 18613;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.http.test-port", String.valueOf(PORT)),
                Map.entry("leak-responder.demo.enabled", "true"),
                Map.entry("leak-responder.twilio.base-url", "http://127.0.0.1:" + PORT + "/demo/twilio"),
                Map.entry("leak-responder.usage.pull.reschedule-initial-backoff", "50ms"),
                Map.entry("leak-responder.usage.pull.reschedule-max-backoff", "200ms"),
                Map.entry("leak-responder.usage.pull.retry-initial-backoff", "50ms"),
                Map.entry("leak-responder.usage.pull.retry-max-backoff", "200ms"));
    }
}
