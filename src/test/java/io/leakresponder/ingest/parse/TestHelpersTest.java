package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The helpers the parser tests share can fail: a builder that dropped a field or a lenient refusal would hide bugs. */
class TestHelpersTest {

    @Test
    void theBuilderPutsEveryFieldInItsPlace() {
        Instant committed = Instant.parse("2024-01-02T03:04:05Z");
        Instant detected = Instant.parse("2024-06-07T08:09:10Z");
        ScannerFinding built = finding(7, "scanner", "rule").accountSid("ac").keySid("sk")
                .secret("value", SecretKind.API_KEY_SECRET).secretSha1("sha1").repository("repository")
                .at("file", 8).commit("commit", "author", committed).link("link").detectedAt(detected)
                .validity("validity").build();

        assertThat(built).isEqualTo(new ScannerFinding(7, "scanner", "rule", "ac", "sk", "value",
                SecretKind.API_KEY_SECRET, "sha1", "repository", "file", 8, "commit", "author", committed, "link",
                detected, "validity"));
    }

    @Test
    void aRefusalIsAReportFormatExceptionAndNothingElse() {
        assertThat(Reports.refusalOfText(ReportFormat.GITLEAKS, "{}").getMessage())
                .isEqualTo("line 1: not a gitleaks JSON report: the top level must be a JSON array");
        // a report the parser takes, and another failure, are no refusal
        assertThatThrownBy(() -> Reports.refusalOfText(ReportFormat.GITLEAKS, "[]"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Reports.refusalOf(() -> {
            throw new IllegalStateException("not a refusal");
        })).isInstanceOf(AssertionError.class);
    }
}
