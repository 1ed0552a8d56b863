package io.leakresponder.liveness;

import io.leakresponder.common.ProblemException;
import io.leakresponder.twilio.LivenessResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * "Does this credential still work?" for a credential given by value, as the API and the dashboard ask it: validated,
 * rate-limited per caller and audited by fingerprint. Nothing else is stored here; tracking the credential when asked
 * is the incident feature's ({@code incident/TrackedChecks}).
 */
@ApplicationScoped
public class AdHocChecks {

    private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-f]{32}$");
    private static final Pattern KEY_SID = Pattern.compile("^SK[0-9a-f]{32}$");
    private static final Pattern AUTH_TOKEN = Pattern.compile("^[0-9a-f]{32}$");
    private static final Pattern KEY_SECRET = Pattern.compile("^[0-9A-Za-z]{32}$");

    private final LivenessService liveness;
    private final RateLimiter limiter;

    AdHocChecks(LivenessService liveness, LivenessConfig config, Clock clock) {
        this.liveness = liveness;
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

    /**
     * Validates, counts against the caller's limit, checks (no transaction open during the call) and audits, with
     * whether the caller asked to track the credential.
     *
     * @param actor   who asks, as audit records name them
     * @param tokenId the API token that asks, if any: the limit is per token, else per actor
     */
    public LivenessResult check(CheckRequest body, String actor, String tokenId) {
        validate(body);
        long wait = limiter.acquire(tokenId != null ? tokenId : actor);
        if (wait > 0) {
            throw new ProblemException(429, "rate-limited", "Too many checks",
                    "a limited number of checks per minute is allowed; retry in " + wait + " s")
                    .with("retryAfterSeconds", wait);
        }
        String secret = body.apiKeySid() != null ? body.apiKeySecret() : body.authToken();
        LivenessResult result = liveness.checkValue(body.accountSid(), body.apiKeySid(), secret);
        liveness.audit(actor, tokenId, body.accountSid(), body.apiKeySid(), secret, result,
                Boolean.TRUE.equals(body.track()));
        return result;
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
