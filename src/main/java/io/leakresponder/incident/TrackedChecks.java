package io.leakresponder.incident;

import io.leakresponder.credential.CredentialService;
import io.leakresponder.ingest.IngestOutcome;
import io.leakresponder.ingest.IngestService;
import io.leakresponder.ingest.parse.ScannerFinding;
import io.leakresponder.liveness.AdHocChecks;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.Trigger;
import io.leakresponder.twilio.LivenessResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * An ad-hoc check that may be tracked: the check itself is liveness's; with track=true the credential is ingested as a
 * manual finding (which opens its incident) and the check is recorded on it. It sits here because it drives
 * liveness and ingest, which do not know each other.
 */
@ApplicationScoped
public class TrackedChecks {

    private final AdHocChecks checks;
    private final LivenessService liveness;
    private final CredentialService credentials;
    private final IngestService ingest;
    private final Clock clock;

    TrackedChecks(AdHocChecks checks, LivenessService liveness, CredentialService credentials, IngestService ingest,
            Clock clock) {
        this.checks = checks;
        this.liveness = liveness;
        this.credentials = credentials;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** The verdict, and the incident when the credential was tracked. */
    public record CheckResponse(LivenessResult result, boolean tracked, UUID incidentId) {
    }

    /**
     * Checks (validated, rate-limited and audited by liveness) and, when asked, tracks the credential.
     *
     * @param actor   who asks, as audit records name them
     * @param tokenId the API token that asks, if any: the limit is per token, else per actor
     */
    public CheckResponse check(AdHocChecks.CheckRequest body, String actor, String tokenId) {
        LivenessResult result = checks.check(body, actor, tokenId);
        if (!Boolean.TRUE.equals(body.track())) {
            return new CheckResponse(result, false, null);
        }
        boolean apiKey = body.apiKeySid() != null;
        String secret = apiKey ? body.apiKeySecret() : body.authToken();
        ScannerFinding finding = new ScannerFinding(1, "manual", "liveness-check", body.accountSid(),
                body.apiKeySid(), secret, apiKey
                        ? ScannerFinding.SecretKind.API_KEY_SECRET
                        : ScannerFinding.SecretKind.AUTH_TOKEN,
                null, null, null, null, null, actor, null, null,
                clock.instant(), result.verdict().name());
        IngestOutcome outcome = ingest.ingestFindings(List.of(finding), "manual", "liveness check by " + actor, actor);
        credentials.idForSecret(secret).ifPresent(id -> liveness.record(id, result, Trigger.API, actor));
        return new CheckResponse(result, true, outcome.incidents().isEmpty() ? null : outcome.incidents().get(0).id());
    }
}
