package io.leakresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.credential.CredentialKind;
import io.leakresponder.twilio.Verdict;
import org.junit.jupiter.api.Test;

class SeverityRulesTest {

    @Test
    void severityFollowsTheVerdict() {
        assertThat(IncidentService.severityFor(CredentialKind.AUTH_TOKEN, Verdict.LIVE, Severity.HIGH))
                .isEqualTo(Severity.CRITICAL);
        assertThat(IncidentService.severityFor(CredentialKind.API_KEY, Verdict.LIVE, Severity.LOW))
                .isEqualTo(Severity.HIGH);
        assertThat(IncidentService.severityFor(CredentialKind.AUTH_TOKEN, Verdict.NOT_LIVE, Severity.CRITICAL))
                .isEqualTo(Severity.LOW);
        assertThat(IncidentService.severityFor(CredentialKind.ACCOUNT_SID, Verdict.NOT_CHECKABLE, Severity.LOW))
                .isEqualTo(Severity.INFO);
        assertThat(IncidentService.severityFor(CredentialKind.HASHED_SECRET, Verdict.NOT_CHECKABLE, Severity.MEDIUM))
                .isEqualTo(Severity.MEDIUM);
        // An outage tells nothing: severity stays.
        assertThat(IncidentService.severityFor(CredentialKind.AUTH_TOKEN, Verdict.INDETERMINATE, Severity.CRITICAL))
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void eventChainDetectsAnyChange() {
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        String h = EventChain.hash(EventChain.GENESIS, id, 1, at, "alice", "opened", null, "OPEN", "{\"b\":1,\"a\":2}");
        // Key order in details does not matter (jsonb reorders keys)...
        assertThat(EventChain.hash(EventChain.GENESIS, id, 1, at, "alice", "opened", null, "OPEN", "{\"a\":2,\"b\":1}"))
                .isEqualTo(h);
        // ...but every field does.
        assertThat(
                EventChain.hash(EventChain.GENESIS, id, 1, at, "mallory", "opened", null, "OPEN", "{\"a\":2,\"b\":1}"))
                .isNotEqualTo(h);
        assertThat(EventChain.hash(EventChain.GENESIS, id, 2, at, "alice", "opened", null, "OPEN", "{\"a\":2,\"b\":1}"))
                .isNotEqualTo(h);
        assertThat(EventChain.hash(EventChain.GENESIS, id, 1, at, "alice", "opened", null, "OPEN", "{\"a\":3,\"b\":1}"))
                .isNotEqualTo(h);
        assertThat(EventChain.hash("1".repeat(64), id, 1, at, "alice", "opened", null, "OPEN", "{\"a\":2,\"b\":1}"))
                .isNotEqualTo(h);
    }
}
