package io.leakresponder.liveness;

import io.leakresponder.twilio.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the API shows about liveness. */
public final class LivenessViews {

    private LivenessViews() {
    }

    /** Where a credential stands. */
    public record Status(Verdict lastVerdict, Instant lastCheckedAt, Instant firstLiveAt, Instant lastLiveAt,
            Instant stoppedWorkingAt, Instant notLiveSince, Instant nextCheckAt, Monitoring monitoring) {
    }

    /** One recorded check. */
    public record Check(UUID id, Verdict verdict, Trigger trigger, String actor, Instant checkedAt,
            String accountSid, String accountStatus, String accountType, Boolean subaccount, String friendlyName,
            String keyType, String revealedAccountSid, String region, Integer httpStatus, Integer twilioErrorCode,
            String reason, int attempts) {

        static Check of(LivenessCheck c) {
            return new Check(c.id, c.verdict, c.trigger, c.actor, c.checkedAt, c.accountSid, c.accountStatus,
                    c.accountType, c.subaccount, c.friendlyName, c.keyType, c.revealedAccountSid, c.twilioRegion,
                    c.httpStatus,
                    c.twilioErrorCode, c.reason, c.attempts);
        }
    }

    /** Status and history together. */
    public record Report(Status status, List<Check> checks) {
    }
}
