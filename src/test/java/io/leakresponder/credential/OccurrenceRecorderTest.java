package io.leakresponder.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OccurrenceRecorderTest {

    static OccurrenceData at(String file, Integer line, String commit) {
        return new OccurrenceData("gitleaks", "twilio-auth-token", "https://github.com/acme/api", file, line, commit,
                null, null, null, Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    @Test
    void theSamePlaceFoundAgainHasTheSameKey() {
        assertThat(OccurrenceRecorder.dedupKey(at("a.py", 3, "c1"))).isEqualTo(OccurrenceRecorder.dedupKey(
                new OccurrenceData("gitleaks", "twilio-auth-token", "https://github.com/acme/api", "a.py", 3, "c1",
                        "someone else", null, null, Instant.parse("2026-02-01T00:00:00Z"), "valid")))
                .hasSize(64);
    }

    @Test
    void anotherLineFileOrCommitIsAnotherOccurrence() {
        String key = OccurrenceRecorder.dedupKey(at("a.py", 3, "c1"));
        assertThat(OccurrenceRecorder.dedupKey(at("a.py", 4, "c1"))).isNotEqualTo(key);
        assertThat(OccurrenceRecorder.dedupKey(at("b.py", 3, "c1"))).isNotEqualTo(key);
        assertThat(OccurrenceRecorder.dedupKey(at("a.py", 3, "c2"))).isNotEqualTo(key);
        assertThat(OccurrenceRecorder.dedupKey(at("a.py", null, "c1"))).isNotEqualTo(key);
    }
}
