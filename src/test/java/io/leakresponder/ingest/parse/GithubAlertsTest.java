package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GithubAlertsTest {

    private static final String COMMIT = "f14d7debf9775f957cf4f1e8176da0786431f72b";
    private static final String ALERTS = "https://github.com/acme/billing/security/secret-scanning/";

    @Test
    void restListMapsAlertFieldsAndFirstLocation() {
        RecordingSink sink = Reports.parse(ReportFormat.GITHUB, "github/alerts.json");

        assertThat(sink.findings).containsExactly(
                alert42(2).accountSid(ACCOUNT_SID).build(),
                // a custom pattern: the display name says Twilio, the value is a lone token
                finding(47, "github", "custom_pattern_twilio_auth_token").secret(AUTH_TOKEN, SecretKind.AUTH_TOKEN)
                        .repository("acme/billing").at("config/settings.py", 11).commit(COMMIT, null, null)
                        .link(ALERTS + "43").detectedAt(Instant.parse("2024-04-01T08:30:05Z")).validity("unknown")
                        .build());
        // the Adafruit key silently; the Twilio access token (a JWT) with a warning
        assertThat(sink.ignored).isEqualTo(2);
        assertThat(sink.warnings).containsExactly(
                "line 95: GitHub alert of type twilio_access_token carries no usable value (hide_secret, or a token "
                        + "type); skipped");
    }

    @Test
    void sidAndTokenAlertsPairByLocation() {
        RecordingSink sink = Reports.parse(ReportFormat.GITHUB, "github/alerts.json");

        // Both alerts stay, each with its own link, and both carry the paired credential.
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
            assertThat(f.secretKind()).isEqualTo(SecretKind.AUTH_TOKEN);
        }).extracting(ScannerFinding::link).containsExactly(ALERTS + "42", ALERTS + "43");
    }

    @Test
    void singleAlertObject() {
        RecordingSink sink = Reports.parse(ReportFormat.GITHUB, "github/alert.json");

        assertThat(sink.only()).isEqualTo(finding(1, "github", "twilio_api_key").keySid(KEY_SID).at("src/sms.js", 7)
                .commit("0badc0de0badc0de0badc0de0badc0de0badc0de", null, null)
                .link("https://github.com/acme/sms/security/secret-scanning/7")
                .detectedAt(Instant.parse("2025-02-14T16:45:12Z")).validity("active").build());
    }

    @Test
    void webhookAlertHasNoValueButPointsAtTheAlert() {
        Optional<ScannerFinding> finding = GithubAlerts.fromWebhook(json("github/webhook-alert.json"));

        assertThat(finding).contains(finding(1, "github", "twilio_api_key").repository("acme/billing")
                .link(ALERTS + "43").detectedAt(Instant.parse("2024-04-01T08:30:05Z")).validity("unknown").build());
    }

    @Test
    void webhookLocationGivesFileLineAndCommit() {
        Optional<ScannerFinding> finding = GithubAlerts.fromWebhook(json("github/webhook-location.json"));

        assertThat(finding).contains(alert42(1).build());
    }

    @Test
    void webhookForAnotherSecretTypeIsEmpty() {
        JsonNode body = parse("{\"action\":\"reopened\",\"alert\":{\"number\":191,\"secret_type\":\"adafruit_io_key\"},"
                + "\"repository\":{\"full_name\":\"Codertocat/Hello-World\"}}");
        assertThat(GithubAlerts.fromWebhook(body)).isEmpty();
    }

    @Test
    void webhookWithoutAlertIsRejected() {
        ReportFormatException zen = Reports
                .refusalOf(() -> GithubAlerts.fromWebhook(parse("{\"action\":\"created\",\"zen\":\"hi\"}")));
        assertThat(zen.field()).isEqualTo("/alert");
        assertThat(zen.getMessage()).isEqualTo("not a GitHub secret scanning webhook report: /alert is missing");
        assertThat(Reports.refusalOf(() -> GithubAlerts.fromWebhook(parse("{\"alert\":{\"number\":1}}"))).field())
                .isEqualTo("/alert/secret_type");
        assertThatThrownBy(() -> GithubAlerts.fromWebhook(parse("[]")))
                .isInstanceOf(ReportFormatException.class);
    }

    @Test
    void anotherFormatOrAWrongTypeIsRejected() {
        ReportFormatException gitguardian = Reports.refusal(ReportFormat.GITHUB, "gitguardian/incidents.json");
        assertThat(gitguardian.getMessage())
                .isEqualTo("line 2: not a GitHub secret scanning report: /0/secret_type is missing");
        assertThat(gitguardian.field()).isEqualTo("/0/secret_type");
        ReportFormatException startLine = Reports.refusalOfText(ReportFormat.GITHUB,
                "[{\"number\":1,\"secret_type\":\"twilio_api_key\",\"secret\":\"" + KEY_SID
                        + "\",\"first_location_detected\":{\"path\":\"a\",\"start_line\":\"7\"}}]");
        assertThat(startLine.field()).isEqualTo("/0/first_location_detected/start_line");
        assertThat(startLine.getMessage()).doesNotContain(KEY_SID);
        assertThat(Reports.refusalOfText(ReportFormat.GITHUB, "\"" + KEY_SID + "\"").getMessage())
                .isEqualTo("line 1: not a GitHub secret scanning report: the top level must be an array of "
                        + "alerts or one alert");
    }

    @Test
    void aSecretTypeThatLooksLikeACredentialIsNotEchoed() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITHUB,
                "{\"number\":1,\"secret_type\":\"twilio_" + Fake.AUTH_TOKEN + "\",\"secret\":\"***\"}");
        assertThat(sink.warnings).containsExactly("line 1: GitHub alert of type (unnamed) carries no usable value "
                + "(hide_secret, or a token type); skipped");
    }

    @Test
    void malformedAlertHidesTheSecret() {
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITHUB,
                "[{\"number\":1,\n\"secret_type\":\"twilio_api_key\",\n\"secret\":\"" + KEY_SID
                        + "\"\n\"validity\":1}]");
        assertThat(e.getMessage()).isEqualTo("line 4: malformed JSON: unexpected character");
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }

    /**
     * Alert 42 of acme/billing, an Account SID on line 10 of config/settings.py, as the REST list and the webhook's
     * location give it; only the REST list carries the value.
     */
    private static FindingBuilder alert42(int reportLine) {
        return finding(reportLine, "github", "twilio_account_sid").repository("acme/billing")
                .at("config/settings.py", 10).commit(COMMIT, null, null).link(ALERTS + "42")
                .detectedAt(Instant.parse("2024-04-01T08:30:00Z")).validity("unknown");
    }

    private static JsonNode json(String path) {
        return parse(new String(Reports.bytes(path), StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
