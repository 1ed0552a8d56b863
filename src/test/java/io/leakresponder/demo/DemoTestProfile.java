package io.leakresponder.demo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/** Demo on, with Twilio requests routed to the app's own simulator on a fixed test port. */
public class DemoTestProfile implements QuarkusTestProfile {

    /**
     * Chosen once, before the server starts, because the simulator's base URL must name it; a free port rather than a
     * fixed one, so that two test runs on one machine do not collide.
     */
    static final int PORT = freePort();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the demo tests", e);
        }
    }

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
