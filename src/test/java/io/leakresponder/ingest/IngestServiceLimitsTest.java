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
        return new IngestConfig() {
            public long maxBodySize() { return maxBody; }
            public int pairingLineDistance() { return 5; }
            public int maxTwilioFindings() { return maxTwilio; }
            public long maxWebhookBodySize() { return 1000; }
            public int maxConcurrent() { return 1; }
            public java.time.Duration readTimeout() { return java.time.Duration.ofSeconds(5); }
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
    void aSourceLabelIsBounded() {
        IngestService ingest = new IngestService(limits(100, 10), unreachable);
        assertThatThrownBy(() -> ingest.ingest(new ByteArrayInputStream(new byte[] {'x'}), 1L, null, "x".repeat(201),
                "t")).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.extensions()).containsEntry("field", "source"));
    }
}
