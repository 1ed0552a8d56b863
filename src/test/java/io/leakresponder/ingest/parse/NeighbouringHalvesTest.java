package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

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
    void anApiKeyTakesTheAccountSidOfItsFileSoItsRotationAndAuditKnowTheAccount() {
        // .env with all three: the account, the key's SID (gitleaks' twilio-api-key) and its secret.
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "%1$s", "Match": "TWILIO_ACCOUNT_SID=%1$s", "File": ".env",
                  "StartLine": 1, "Commit": "%4$s"},
                 {"RuleID": "twilio-api-key", "Secret": "%2$s", "Match": "TWILIO_API_KEY=%2$s", "File": ".env",
                  "StartLine": 2, "Commit": "%4$s"},
                 {"RuleID": "generic-api-key", "Secret": "%3$s", "Match": "TWILIO_API_SECRET=%3$s", "File": ".env",
                  "StartLine": 3, "Commit": "%4$s"}
                ]""".formatted(ACCOUNT_SID, KEY_SID, KEY_SECRET, COMMIT));

        ReportPairing.Paired paired = sink.paired();

        assertThat(sink.ignored).isZero();
        // One API key credential with its account, seen on all three lines; no identifier-only Account SID left.
        assertThat(paired.findings()).hasSize(3).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.keySid()).isEqualTo(KEY_SID);
            assertThat(f.secret()).isEqualTo(KEY_SECRET);
            assertThat(f.secretKind()).isEqualTo(SecretKind.API_KEY_SECRET);
        });
        assertThat(paired.findings()).extracting(ScannerFinding::line).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void anAccountSidTooFarFromTheKeyStaysItsOwnFinding() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "%1$s", "Match": "TWILIO_ACCOUNT_SID=%1$s", "File": ".env",
                  "StartLine": 1, "Commit": "%4$s"},
                 {"RuleID": "twilio-api-key", "Secret": "%2$s", "Match": "TWILIO_API_KEY=%2$s", "File": ".env",
                  "StartLine": 40, "Commit": "%4$s"},
                 {"RuleID": "generic-api-key", "Secret": "%3$s", "Match": "TWILIO_API_SECRET=%3$s", "File": ".env",
                  "StartLine": 41, "Commit": "%4$s"}
                ]""".formatted(ACCOUNT_SID, KEY_SID, KEY_SECRET, COMMIT));

        ReportPairing.Paired paired = sink.paired();

        assertThat(paired.findings()).filteredOn(f -> f.line() == 1).singleElement()
                .satisfies(f -> assertThat(f.keySid()).isNull());
        assertThat(paired.findings()).filteredOn(f -> f.line() > 1)
                .allSatisfy(f -> assertThat(f.accountSid()).isNull());
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
        assertThat(sink.ignored).isZero();
        // the 32-hex value without any Twilio word is too far below to be its token: ignored
        assertThat(sink.candidates).hasSize(1);
        assertThat(sink.paired().findings()).containsExactlyElementsOf(sink.findings);
        assertThat(sink.paired().candidatesLeft()).isEqualTo(1);
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

    /** The other way round: the SID under the Twilio rule, the token under a generic one with no Twilio word. */
    static Stream<Arguments> tokensUnderGenericRules() {
        String np = """
                [{"finding_id": "a", "rule_name": "Twilio API Key", "rule_text_id": "np.twilio.9", "groups": [],
                  "matches": [{"groups": ["%s"], "location": {"source_span": {"start": {"line": 2, "column": 11}}},
                    "provenance": [{"kind": "file", "path": "deploy/.env"}],
                    "snippet": {"before": "SMS_ACCOUNT=", "matching": "%s", "after": "\\nSMS_TOKEN="}}]},
                 {"finding_id": "b", "rule_name": "Generic Secret", "rule_text_id": "np.generic.1", "groups": [],
                  "matches": [{"groups": ["%s"], "location": {"source_span": {"start": {"line": 3, "column": 10}}},
                    "provenance": [{"kind": "file", "path": "deploy/.env"}],
                    "snippet": {"before": "SMS_ACCOUNT=...\\nSMS_TOKEN=", "matching": "%s", "after": "\\n"}}]}]
                """.formatted(base64(ACCOUNT_SID), ACCOUNT_SID, base64(AUTH_TOKEN), AUTH_TOKEN);
        return Stream.of(
                Arguments.of(ReportFormat.GITLEAKS, """
                        [{"RuleID": "twilio-account-sid", "Secret": "%1$s", "Match": "SMS_ACCOUNT=%1$s",
                          "File": "deploy/.env", "StartLine": 2, "Commit": "%3$s"},
                         {"RuleID": "generic-api-key", "Secret": "%2$s", "Match": "SMS_TOKEN=%2$s",
                          "File": "deploy/.env", "StartLine": 3, "Commit": "%3$s"}]"""),
                Arguments.of(ReportFormat.GITLEAKS_CSV,
                        """
                                RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,EndColumn,Author,Message,Date,Email,Fingerprint,Tags
                                twilio-account-sid,%3$s,deploy/.env,,%1$s,SMS_ACCOUNT=%1$s,2,2,1,46,,,,,,
                                generic-api-key,%3$s,deploy/.env,,%2$s,SMS_TOKEN=%2$s,3,3,1,42,,,,,,
                                """),
                Arguments.of(ReportFormat.SARIF, """
                        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks"}}, "results": [
                         {"ruleId": "twilio-account-sid", "locations": [{"physicalLocation": {"artifactLocation":
                          {"uri": "deploy/.env"}, "region": {"startLine": 2, "snippet": {"text": "%1$s"}}}}],
                          "partialFingerprints": {"commitSha": "%3$s"}},
                         {"ruleId": "generic-api-key", "locations": [{"physicalLocation": {"artifactLocation":
                          {"uri": "deploy/.env"}, "region": {"startLine": 3, "snippet": {"text": "%2$s"}}}}],
                          "partialFingerprints": {"commitSha": "%3$s"}}]}]}"""),
                Arguments.of(ReportFormat.NOSEYPARKER, np),
                Arguments.of(ReportFormat.KINGFISHER,
                        """
                                {"findings": [
                                 {"rule": {"name": "twilio-api-id", "id": "kingfisher.twilio.1", "description": "Twilio API ID"},
                                  "finding": {"snippet": "%1$s", "line": 2, "path": "deploy/.env"}},
                                 {"rule": {"name": "generic-api-key", "id": "betterleaks.generic-api-key",
                                  "description": "Generic API Key"},
                                  "finding": {"snippet": "%2$s", "line": 3, "path": "deploy/.env"}}]}"""),
                Arguments.of(ReportFormat.GGSHIELD, """
                        {"type": "path_scan", "secrets_engine_version": "2.140.0", "entities_with_incidents": [
                         {"filename": "deploy/.env", "incidents": [
                          {"type": "Twilio Master Credentials", "occurrences":
                           [{"match": "%1$s", "type": "client_id", "line_start": 2, "line_end": 2}]},
                          {"type": "Generic High Entropy Secret", "occurrences":
                           [{"match": "%2$s", "type": "apikey", "line_start": 3, "line_end": 3}]}]}]}"""),
                Arguments.of(ReportFormat.DETECT_SECRETS, """
                        {"results": [
                         {"filename": "deploy/.env", "lines": {"2": "SMS_ACCOUNT=%1$s"}, "secrets": "%1$s",
                          "types": ["Twilio API Key"], "category": "UNVERIFIED"},
                         {"filename": "deploy/.env", "lines": {"3": "SMS_TOKEN=%2$s"}, "secrets": "%2$s",
                          "types": ["Hex High Entropy String", "Secret Keyword"], "category": "UNVERIFIED"}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokensUnderGenericRules")
    void aTokenUnderAGenericRuleIsTheTokenOfTheSidAbove(ReportFormat format, String report) {
        RecordingSink sink = Reports.parseText(format, report.formatted(ACCOUNT_SID, AUTH_TOKEN, COMMIT));

        // Nothing but the SID nearby says the value is Twilio's: it waits for pairing, and pairs.
        assertThat(sink.ignored).isZero();
        assertThat(sink.warnings).isEmpty();
        assertThat(sink.findings).singleElement().satisfies(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isNull();
        });
        assertThat(sink.candidates).singleElement().satisfies(f -> {
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
            assertThat(f.line()).isEqualTo(3);
        });
        ReportPairing.Paired paired = sink.paired();
        assertThat(paired.candidatesLeft()).isZero();
        assertThat(paired.findings()).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
            assertThat(f.secretKind()).isEqualTo(SecretKind.AUTH_TOKEN);
        }).extracting(ScannerFinding::line).containsExactly(2, 3);
    }

    @Test
    void aGenericValueNeverTakesTheSidOfATwilioToken() {
        // The MD5 right below the SID is nearer than the token, but the token is Twilio's by its key name: the SID
        // pairs with the token, and the MD5 stays what it is.
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [{"RuleID": "generic-api-key", "Secret": "%1$s", "Match": "ACCOUNT=%1$s", "File": "a.env",
                  "StartLine": 1},
                 {"RuleID": "generic-api-key", "Secret": "%3$s", "Match": "CACHE_KEY=%3$s", "File": "a.env",
                  "StartLine": 2},
                 {"RuleID": "generic-api-key", "Secret": "%2$s", "Match": "TWILIO_AUTH_TOKEN=%2$s", "File": "a.env",
                  "StartLine": 4}]""".formatted(ACCOUNT_SID, AUTH_TOKEN, "9e107d9d372bb6826bd81d3542a419d6"));

        ReportPairing.Paired paired = sink.paired();
        assertThat(paired.candidatesLeft()).isEqualTo(1);
        assertThat(paired.findings()).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
        });
    }

    @Test
    void aGenericValueInAnotherFileOrCommitPairsWithNothing() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [{"RuleID": "twilio-api-key", "Secret": "%1$s", "File": "a.env", "StartLine": 1, "Commit": "c1"},
                 {"RuleID": "generic-api-key", "Secret": "%2$s", "File": "b.env", "StartLine": 2, "Commit": "c1"},
                 {"RuleID": "generic-api-key", "Secret": "%2$s", "File": "a.env", "StartLine": 2, "Commit": "c2"}]"""
                .formatted(KEY_SID, KEY_SECRET));

        assertThat(sink.paired().candidatesLeft()).isEqualTo(2);
        assertThat(sink.paired().findings()).singleElement().satisfies(f -> assertThat(f.secret()).isNull());
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
