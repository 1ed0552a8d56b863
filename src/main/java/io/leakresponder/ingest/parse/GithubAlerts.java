package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** GitHub secret scanning alerts: the REST list (or one alert) as a report, and the webhook payloads. */
public final class GithubAlerts {

    static final String NAME = "GitHub secret scanning";
    static final String WEBHOOK = "GitHub secret scanning webhook";
    static final String SCANNER = "github";

    private GithubAlerts() {
    }

    /**
     * Reads a {@code secret_scanning_alert} or {@code secret_scanning_alert_location} webhook body.
     *
     * <p>The webhook alert carries no secret value, so the finding has no SID or secret: it points at the
     * alert ({@code link} = alert {@code html_url}, {@code rule} = {@code secret_type}) for a later REST fetch.
     * File, line and commit come from {@code location.details} when the payload has one.
     *
     * @return the finding, or empty when the alert is not about a Twilio secret type
     * @throws ReportFormatException when the body has no {@code alert} object or no {@code secret_type}
     */
    public static Optional<ScannerFinding> fromWebhook(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Json.notFormat(WEBHOOK, 0, "", "must be a JSON object");
        }
        // A webhook body is not a report file: errors name the field, not a line.
        Fields payload = new Fields(body, "", 0, WEBHOOK);
        Fields alert = payload.requireObj("alert");
        String type = alert.requireStr("secret_type");
        if (!isTwilioType(type, alert.str("secret_type_display_name"))) {
            return Optional.empty();
        }
        FindingDraft d = draft(alert, payload, 1, null);
        Fields location = payload.obj("location");
        Fields details = location == null ? null : location.obj("details");
        if (details != null) {
            readLocation(details, d);
        }
        // Should GitHub ever include the value, keep it; otherwise the finding is a pointer only.
        List<TwilioRecord.Part> parts = new TwilioRecord(true).value(alert.str("secret")).resolve();
        TwilioRecord.Part p = parts.isEmpty() ? new TwilioRecord.Part(null, null, null, null) : parts.get(0);
        return Optional.of(d.build(p.accountSid(), p.keySid(), p.secret(), p.kind()));
    }

    static boolean isTwilioType(String secretType, String displayName) {
        return secretType.startsWith("twilio_") || TwilioRecord.isTwilioLabel(displayName);
    }

    private static FindingDraft draft(Fields alert, Fields payload, int line, FindingSink sink) {
        FindingDraft d = new FindingDraft(line, SCANNER);
        d.rule = alert.str("secret_type");
        d.link = alert.str("html_url");
        d.scannerValidity = alert.str("validity");
        String created = alert.str("created_at");
        d.detectedAt = sink == null
                ? (created == null ? null : Dates.inRange(Dates.iso(created)))
                : Dates.parse(created, Dates::iso, sink, line, alert.pointer("created_at"));
        Fields repository = payload.obj("repository");
        if (repository != null) {
            d.repository = FindingDraft.firstNonBlank(repository.str("full_name"), repository.str("html_url"));
        }
        return d;
    }

    private static void readLocation(Fields details, FindingDraft d) {
        d.file = details.str("path");
        d.line = details.integer("start_line");
        d.commit = details.str("commit_sha");
    }

    /** The REST report: {@code GET …/secret-scanning/alerts} (an array) or one alert object. */
    static final class Parser implements ReportParser {

        @Override
        public ReportFormat format() {
            return ReportFormat.GITHUB;
        }

        @Override
        public void parse(InputStream in, FindingSink sink) throws IOException {
            try (JsonParser p = Json.open(in)) {
                JsonToken first = Json.firstToken(p);
                if (first == JsonToken.START_ARRAY) {
                    Json.eachObject(p, NAME, "", alert -> map(alert, sink));
                } else if (first == JsonToken.START_OBJECT) {
                    int line = Json.line(p);
                    map(new Fields(Json.readTree(p), "", line, NAME), sink);
                } else {
                    throw Json.notFormat(NAME, Json.line(p), "", "must be an array of alerts or one alert");
                }
                Json.expectEnd(p, NAME);
            } catch (JsonProcessingException e) {
                throw Json.malformed(e);
            }
        }

        private static void map(Fields alert, FindingSink sink) {
            String type = alert.requireStr("secret_type");
            boolean label = isTwilioType(type, alert.str("secret_type_display_name"));
            // Only the value decides: twilio_access_token is a JWT and yields nothing usable.
            TwilioRecord record = new TwilioRecord(label).value(alert.str("secret"));
            // A REST alert carries its own repository (org lists); the top-level object is the alert itself.
            FindingDraft d = draft(alert, alert, alert.line(), sink);
            Fields location = alert.obj("first_location_detected");
            if (location != null) {
                readLocation(location, d);
            }
            record.emit(sink, d, "line " + alert.line() + ": GitHub alert of type " + Safe.label(type)
                    + " carries no usable value (hide_secret, or a token type); skipped");
        }
    }
}
