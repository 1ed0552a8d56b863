package io.leakresponder.liveness;

import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.ingest.IngestOutcome;
import io.leakresponder.ingest.IngestService;
import io.leakresponder.ingest.parse.ScannerFinding;
import io.leakresponder.twilio.LivenessResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * "Does this credential still work?" for a credential given by value, as the API and the dashboard ask it: validated,
 * rate-limited per caller, audited by fingerprint, and stored (as a tracked finding) only when asked.
 */
@ApplicationScoped
public class AdHocChecks {

    private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-f]{32}$");
    private static final Pattern KEY_SID = Pattern.compile("^SK[0-9a-f]{32}$");
    private static final Pattern AUTH_TOKEN = Pattern.compile("^[0-9a-f]{32}$");
    private static final Pattern KEY_SECRET = Pattern.compile("^[0-9A-Za-z]{32}$");

    private final LivenessService liveness;
    private final CredentialService credentials;
    private final IngestService ingest;
    private final Clock clock;
    private final RateLimiter limiter;

    AdHocChecks(LivenessService liveness, CredentialService credentials, IngestService ingest, LivenessConfig config,
            Clock clock) {
        this.liveness = liveness;
        this.credentials = credentials;
        this.ingest = ingest;
        this.clock = clock;
        this.limiter = new RateLimiter(config.rateLimitPerMinute(), clock);
    }

    /** The credential to check: an Auth Token with its Account SID, or an API Key SID and secret. */
    public record CheckRequest(String accountSid, String authToken, String apiKeySid, String apiKeySecret,
            Boolean track) {
        @Override
        public String toString() {
            return "CheckRequest[accountSid=" + accountSid + ", apiKeySid=" + apiKeySid + ", track=" + track + "]";
        }
    }

    /** The verdict, and the incident when the credential was tracked. */
    public record CheckResponse(LivenessResult result, boolean tracked, UUID incidentId) {
    }

    /**
     * Validates, counts against the caller's limit, checks (no transaction open during the call), audits, and
     * tracks the credential when asked.
     *
     * @param actor   who asks, as audit records name them
     * @param tokenId the API token that asks, if any: the limit is per token, else per actor
     */
    public CheckResponse check(CheckRequest body, String actor, String tokenId) {
        validate(body);
        long wait = limiter.acquire(tokenId != null ? tokenId : actor);
        if (wait > 0) {
            throw new ProblemException(429, "rate-limited", "Too many checks",
                    "a limited number of checks per minute is allowed; retry in " + wait + " s")
                    .with("retryAfterSeconds", wait);
        }
        boolean apiKey = body.apiKeySid() != null;
        String secret = apiKey ? body.apiKeySecret() : body.authToken();
        LivenessResult result = liveness.checkValue(body.accountSid(), body.apiKeySid(), secret);
        boolean track = Boolean.TRUE.equals(body.track());
        liveness.audit(actor, tokenId, body.accountSid(), body.apiKeySid(), secret, result, track);
        if (!track) {
            return new CheckResponse(result, false, null);
        }
        ScannerFinding finding = new ScannerFinding(1, "manual", "liveness-check", body.accountSid(),
                body.apiKeySid(), secret, apiKey ? ScannerFinding.SecretKind.API_KEY_SECRET
                        : ScannerFinding.SecretKind.AUTH_TOKEN, null, null, null, null, null, actor, null, null,
                clock.instant(), result.verdict().name());
        IngestOutcome outcome = ingest.ingestFindings(List.of(finding), "manual", "liveness check by " + actor, actor);
        credentials.idForSecret(secret).ifPresent(id -> liveness.record(id, result, Trigger.API, actor));
        return new CheckResponse(result, true, outcome.incidents().isEmpty() ? null : outcome.incidents().get(0).id());
    }

    static void validate(CheckRequest b) {
        if (b == null) {
            throw ProblemException.badRequest("a JSON body is required: {accountSid, authToken} or "
                    + "{accountSid, apiKeySid, apiKeySecret}");
        }
        boolean token = b.authToken() != null;
        boolean key = b.apiKeySid() != null || b.apiKeySecret() != null;
        if (token == key) {
            throw ProblemException.invalidField(token ? "apiKeySid" : "authToken",
                    "give either authToken (with accountSid) or apiKeySid and apiKeySecret, not both and not neither");
        }
        if (b.accountSid() != null && !ACCOUNT_SID.matcher(b.accountSid()).matches()) {
            throw ProblemException.invalidField("accountSid", "accountSid must be AC followed by 32 hex digits");
        }
        if (token) {
            if (b.accountSid() == null) {
                throw ProblemException.invalidField("accountSid", "an Auth Token is checked with its accountSid");
            }
            if (!AUTH_TOKEN.matcher(b.authToken()).matches()) {
                throw ProblemException.invalidField("authToken", "authToken must be 32 hex digits");
            }
            return;
        }
        if (b.apiKeySid() == null || !KEY_SID.matcher(b.apiKeySid()).matches()) {
            throw ProblemException.invalidField("apiKeySid", "apiKeySid must be SK followed by 32 hex digits");
        }
        if (b.apiKeySecret() == null || !KEY_SECRET.matcher(b.apiKeySecret()).matches()) {
            throw ProblemException.invalidField("apiKeySecret", "apiKeySecret must be 32 letters and digits");
        }
    }
}
