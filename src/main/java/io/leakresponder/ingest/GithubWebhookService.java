package io.leakresponder.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakresponder.ingest.parse.GithubAlerts;
import io.leakresponder.ingest.parse.ScannerFinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies and records GitHub secret-scanning webhook deliveries. */
@ApplicationScoped
class GithubWebhookService {

    static final String SOURCE = "github";

    private final IngestReportRepository reports;
    private final IngestService ingest;
    private final Clock clock;

    GithubWebhookService(IngestReportRepository reports, IngestService ingest, Clock clock) {
        this.reports = reports;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** What a delivery did. */
    record Result(String status, IngestOutcome outcome) {
    }

    /** {@code sha256=<hex HMAC-SHA256(body, secret)>}, compared in constant time. */
    static boolean signatureMatches(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    header.trim().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Records the delivery once; a redelivery of the same id changes nothing. */
    @Transactional
    Result receive(String deliveryId, String event, JsonNode payload) {
        if (!reports.recordDelivery(SOURCE, deliveryId, event, clock.instant())) {
            return new Result("duplicate", null);
        }
        Optional<ScannerFinding> finding = GithubAlerts.fromWebhook(payload);
        if (finding.isEmpty()) {
            return new Result("ignored", null);
        }
        IngestOutcome outcome = ingest.ingestFindings(List.of(finding.get()), "github-webhook",
                "github webhook delivery " + deliveryId, "github-webhook");
        return new Result("recorded", outcome);
    }
}
