package io.leakresponder.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.common.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body limit, without a database: a report over it is refused before anything is written. */
class IngestServiceLimitsTest {

    static IngestConfig limits(long maxBody, int maxTwilio) {
        return limits(maxBody, maxTwilio, 10);
    }

    static IngestConfig limits(long maxBody, int maxTwilio, int maxCandidates) {
        return new IngestConfig() {
            public long maxBodySize() {
                return maxBody;
            }
            public int pairingLineDistance() {
                return 5;
            }
            public int maxTwilioFindings() {
                return maxTwilio;
            }
            public int maxPairingCandidates() {
                return maxCandidates;
            }
            public long maxWebhookBodySize() {
                return 1000;
            }
            public int maxConcurrent() {
                return 1;
            }
            public java.time.Duration readTimeout() {
                return java.time.Duration.ofSeconds(5);
            }
        };
    }

    // A writer that must never be reached: refused reports store nothing.
    final IngestWriter unreachable = null;

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedAtOnce() {
        IngestService ingest = new IngestService(limits(100, 10), unreachable);
        assertThatThrownBy(() -> ingest.ingest(new ByteArrayInputStream(new byte[0]), 101L, null, null, "t"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("LEAK_RESPONDER_INGEST_MAX_BODY_SIZE");
                    assertThat(e.extensions()).containsEntry("limit", 100L);
                });
    }

    @Test
    void aChunkedBodyIsCutOffWhenItCrossesTheLimit() {
        IngestService ingest = new IngestService(limits(100, 10), unreachable);
        byte[] big = "TWILIO_ACCOUNT_SID=nothing here\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ingest.ingest(new ByteArrayInputStream(big), null, "text", null, "t"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void tooManyTwilioFindingsAreRefusedWithTheLine() {
        IngestService ingest = new IngestService(limits(1_000_000, 2), unreachable);
        String report = "AC" + "0123456789abcdef".repeat(2) + "\n" + "AC" + "fedcba9876543210".repeat(2) + "\n"
                + "AC" + "00112233445566778899aabbccddeeff" + "\n";
        assertThatThrownBy(() -> ingest.ingest(new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)),
                null, "text", null, "t"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.extensions()).containsEntry("line", 3);
                });
    }

    @Test
    void pairingCandidatesBeyondTheLimitAreIgnoredWithAWarning() {
        // Three 32-hex values under a generic rule and no SID anywhere: nothing to pair, all three ignored, and the
        // two beyond the limit are named in a warning.
        IngestService ingest = new IngestService(limits(1_000_000, 10, 1), unreachable);
        StringBuilder report = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            report.append(i == 0 ? "" : ",").append("""
                    {"RuleID": "generic-api-key", "Secret": "%032x", "File": "f.env", "StartLine": %d}"""
                    .formatted(0xabc0 + i, i + 1));
        }
        IngestOutcome outcome = ingest.ingest(new ByteArrayInputStream(report.append("]").toString()
                .getBytes(StandardCharsets.UTF_8)), null, "gitleaks", null, "t");
        assertThat(outcome.received()).isEqualTo(3);
        assertThat(outcome.twilio()).isZero();
        assertThat(outcome.ignored()).isEqualTo(3);
        assertThat(outcome.warnings()).containsExactly("2 secret(s) under generic rules were not paired with nearby "
                + "SIDs: the report has more than 1 of them; raise leak-responder.ingest.max-pairing-candidates");
    }

    @Test
    void aSourceLabelIsBounded() {
        IngestService ingest = new IngestService(limits(100, 10), unreachable);
        assertThatThrownBy(() -> ingest.ingest(new ByteArrayInputStream(new byte[]{'x'}), 1L, null, "x".repeat(201),
                "t")).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.extensions()).containsEntry("field", "source"));
    }
}
