package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Account SID reported under a rule that does not say Twilio, on the line before an Auth Token: every format
 * that can carry both values gives two findings that pair into one Auth Token with its account, and ignores none.
 */
class NeighbouringHalvesTest {

    private static final String COMMIT = "4d5e6f708192a3b4c5d6e7f8091122339f3c2a1b";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // gitleaks: generic-api-key on the SID line, twilio-api-key (a team's rule) on the token line
        "neighbours/gitleaks.json, GITLEAKS, generic-api-key, " + COMMIT,
        "neighbours/gitleaks.csv, GITLEAKS_CSV, generic-api-key, " + COMMIT,
        "neighbours/gitleaks.sarif, SARIF, gitleaks/generic-api-key, " + COMMIT,
        // another scanner's SARIF: Kingfisher, commit metadata in the location's properties
        "neighbours/kingfisher.sarif, SARIF, kingfisher/generic-api-key, " + COMMIT,
        // Nosey Parker has no Twilio token rule: both under generic rules, the key name in the snippet
        "neighbours/noseyparker.json, NOSEYPARKER, np.generic.2, " + COMMIT,
        "neighbours/kingfisher.json, KINGFISHER, betterleaks.generic-api-key, " + COMMIT,
        // ggshield run with --show-secrets (a censored match is no value), path scan: no commit
        "neighbours/ggshield.json, GGSHIELD, Generic High Entropy Secret, ",
        // detect-secrets' audit --report carries the values (the baseline only their hashes): no commit either
        "neighbours/detect-secrets-audit.json, DETECT_SECRETS, Hex High Entropy String, "
    })
    void theSidUnderAnotherRuleIsKeptAndPairsWithTheTokenBelow(String fixture, ReportFormat format, String sidRule,
            String commit) {
        RecordingSink sink = Reports.parse(format, fixture);

        assertThat(sink.ignored).as("ignored").isZero();
        assertThat(sink.warnings).isEmpty();
        // The SID is a finding of its own, identifier only, under the rule that found it.
        assertThat(sink.findings).hasSize(2);
        ScannerFinding sid = sink.findings.get(0);
        assertThat(sid.rule()).isEqualTo(sidRule);
        assertThat(sid.accountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(sid.secret()).isNull();
        assertThat(sid.file()).isEqualTo("deploy/.env");
        assertThat(sid.line()).isEqualTo(2);
        assertThat(sid.commit()).isEqualTo(commit);
        assertThat(sink.findings.get(1).secret()).isEqualTo(AUTH_TOKEN);
        assertThat(sink.findings.get(1).line()).isEqualTo(3);

        // Both stay occurrences, each in its own place, of the one Auth Token with its account.
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.keySid()).isNull();
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
            assertThat(f.secretKind()).isEqualTo(SecretKind.AUTH_TOKEN);
        }).extracting(ScannerFinding::line).containsExactly(2, 3);
    }

    @Test
    void aKeySidUnderAnotherRuleTakesTheSecretBelowAsAnApiKey() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "%1$s", "Match": "SMS_API_KEY=%1$s", "File": "sms.env",
                  "StartLine": 7, "Commit": "%3$s", "Tags": [], "Entropy": 3.4},
                 {"RuleID": "twilio-api-secret", "Secret": "%2$s", "Match": "SMS_API_SECRET=%2$s", "File": "sms.env",
                  "StartLine": 8, "Commit": "%3$s", "Tags": [], "Entropy": 4.1}
                ]""".formatted(KEY_SID, KEY_SECRET, COMMIT));

        assertThat(sink.ignored).isZero();
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2).allSatisfy(f -> {
            assertThat(f.keySid()).isEqualTo(KEY_SID);
            assertThat(f.secret()).isEqualTo(KEY_SECRET);
            assertThat(f.secretKind()).isEqualTo(SecretKind.API_KEY_SECRET);
        });
    }

    @Test
    void aSidAloneUnderAnotherRuleIsAnIdentifierOnlyFindingNotIgnored() {
        // Nothing to pair with: it stays what a SID-only finding is (an identifier-only credential downstream).
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "%1$s", "Match": "ACCOUNT=%1$s", "File": "a.env",
                  "StartLine": 2, "Commit": "%2$s"},
                 {"RuleID": "generic-api-key", "Secret": "%3$s", "Match": "ACCOUNT=%3$s", "File": "a.env",
                  "StartLine": 30, "Commit": "%2$s"}
                ]""".formatted(ACCOUNT_SID, COMMIT, "9e107d9d372bb6826bd81d3542a419d6"));

        assertThat(sink.only().accountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(sink.only().secret()).isNull();
        // the 32-hex value far below, without any Twilio word, is no token
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(ReportPairing.pair(sink.findings)).containsExactlyElementsOf(sink.findings);
    }

    @Test
    void aSidOnlyInTheMatchStillGoesTheFullWay() {
        // The gitleaks fast path counts a finding as ignored only when neither Secret nor Match can hold a SID.
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "prod-sms", "Match": "sid=%1$s user=prod-sms", "File": "b.cfg",
                  "StartLine": 4},
                 {"RuleID": "generic-api-key", "Secret": "prod-sms", "Match": "user=prod-sms", "File": "b.cfg",
                  "StartLine": 5}
                ]""".formatted(ACCOUNT_SID));

        assertThat(sink.only().accountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(sink.only().line()).isEqualTo(4);
        assertThat(sink.ignored).isEqualTo(1);
    }
}
