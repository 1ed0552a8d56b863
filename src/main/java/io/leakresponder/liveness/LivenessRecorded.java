package io.leakresponder.liveness;

import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.Verdict;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired inside the transaction that records a check, so that the incident feature can add an event and adjust
 * severity atomically with it.
 *
 * @param stoppedWorkingAt set when this check found a credential that had been LIVE no longer working
 * @param lastLiveAt       the last LIVE check, the lower bound of when it stopped working
 */
public record LivenessRecorded(UUID credentialId, Trigger trigger, String actor, LivenessResult result,
        Verdict previous, Instant stoppedWorkingAt, Instant lastLiveAt, boolean workingAgain) {
}
