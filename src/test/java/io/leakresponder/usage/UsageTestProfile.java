package io.leakresponder.usage;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Usage audit tests: back-offs in milliseconds so retries and reschedules happen within a test's patience. */
public class UsageTestProfile implements QuarkusTestProfile {

    static final String KNOWN_RANGE = "203.0.113.0/24";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                // A free port: test runs of other worktrees may hold 8081 on this machine.
                Map.entry("quarkus.http.test-port", "0"),
                Map.entry("leak-responder.usage.pull.rate-limit-retries", "1"),
                Map.entry("leak-responder.usage.pull.rate-limit-initial-backoff", "5ms"),
                Map.entry("leak-responder.usage.pull.transient-retries", "1"),
                Map.entry("leak-responder.usage.pull.reschedule-initial-backoff", "50ms"),
                Map.entry("leak-responder.usage.pull.reschedule-max-backoff", "200ms"),
                Map.entry("leak-responder.usage.pull.retry-initial-backoff", "50ms"),
                Map.entry("leak-responder.usage.pull.retry-max-backoff", "200ms"),
                Map.entry("leak-responder.usage.known-cidrs", KNOWN_RANGE + ",2001:db8::/32"),
                Map.entry("leak-responder.usage.alert-spike-minimum", "10"));
    }
}
