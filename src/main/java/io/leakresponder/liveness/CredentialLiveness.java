package io.leakresponder.liveness;

import io.leakresponder.twilio.Verdict;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a credential stands: its last verdict, when it was last seen working, when it stopped, and when to
 * check it next. Its state changes only through {@link #record}.
 */
@Entity
@Table(name = "credential_liveness")
class CredentialLiveness {

    @Id
    @Column(name = "credential_id")
    UUID credentialId;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_verdict")
    Verdict lastVerdict;

    @Column(name = "last_checked_at")
    Instant lastCheckedAt;

    @Column(name = "first_live_at")
    Instant firstLiveAt;

    @Column(name = "last_live_at")
    Instant lastLiveAt;

    @Column(name = "not_live_since")
    Instant notLiveSince;

    @Column(name = "stopped_working_at")
    Instant stoppedWorkingAt;

    @Column(name = "indeterminate_streak", nullable = false)
    int indeterminateStreak;

    @Column(name = "next_check_at")
    Instant nextCheckAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Monitoring monitoring = Monitoring.ACTIVE;

    @Version
    long version;

    static CredentialLiveness start(UUID credentialId) {
        CredentialLiveness l = new CredentialLiveness();
        l.credentialId = credentialId;
        return l;
    }

    /** What recording a verdict changed. */
    record Change(Verdict previous, boolean stoppedWorking, boolean workingAgain) {
    }

    /**
     * Takes in a verdict. A credential seen LIVE and now NOT_LIVE stopped working at this check (bounded by
     * {@link #lastLiveAt}); INDETERMINATE never changes what is known about working or not.
     */
    Change record(Verdict verdict, Instant at, RecheckPolicy policy) {
        Verdict previous = lastVerdict;
        boolean stopped = false;
        boolean again = false;
        switch (verdict) {
            case LIVE -> {
                if (firstLiveAt == null) {
                    firstLiveAt = at;
                }
                again = stoppedWorkingAt != null;
                lastLiveAt = at;
                notLiveSince = null;
                stoppedWorkingAt = null;
                indeterminateStreak = 0;
            }
            case NOT_LIVE -> {
                if (notLiveSince == null) {
                    notLiveSince = at;
                    if (lastLiveAt != null && stoppedWorkingAt == null) {
                        stoppedWorkingAt = at;
                        stopped = true;
                    }
                }
                indeterminateStreak = 0;
            }
            case INDETERMINATE -> indeterminateStreak++;
            case NOT_CHECKABLE -> indeterminateStreak = 0;
        }
        lastVerdict = verdict;
        lastCheckedAt = at;
        nextCheckAt = monitoring == Monitoring.ACTIVE
                ? policy.next(verdict, at, notLiveSince, indeterminateStreak)
                : null;
        return new Change(previous, stopped, again);
    }

    void resumeMonitoring(Instant at, RecheckPolicy policy) {
        monitoring = Monitoring.ACTIVE;
        nextCheckAt = lastVerdict == null ? at : policy.next(lastVerdict, at, notLiveSince, indeterminateStreak);
    }

    void stopMonitoring() {
        monitoring = Monitoring.STOPPED;
        nextCheckAt = null;
    }
}
