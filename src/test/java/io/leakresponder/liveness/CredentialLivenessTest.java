package io.leakresponder.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.twilio.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialLivenessTest {

    static final RecheckPolicy POLICY = new RecheckPolicy(Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(7));
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void liveIsRecheckedEveryFifteenMinutes() {
        CredentialLiveness l = CredentialLiveness.start(UUID.randomUUID());
        l.record(Verdict.LIVE, T0, POLICY);
        assertThat(l.nextCheckAt).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(l.firstLiveAt).isEqualTo(T0);
        assertThat(l.lastLiveAt).isEqualTo(T0);
    }

    @Test
    void indeterminateBacksOffFromOneMinuteToOneHour() {
        CredentialLiveness l = CredentialLiveness.start(UUID.randomUUID());
        Instant at = T0;
        long[] expectedMinutes = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long minutes : expectedMinutes) {
            l.record(Verdict.INDETERMINATE, at, POLICY);
            assertThat(Duration.between(at, l.nextCheckAt)).isEqualTo(Duration.ofMinutes(minutes));
            at = l.nextCheckAt;
        }
        // An answer resets the back-off.
        l.record(Verdict.NOT_LIVE, at, POLICY);
        l.record(Verdict.INDETERMINATE, at, POLICY);
        assertThat(Duration.between(at, l.nextCheckAt)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void notLiveIsCheckedDailyForAWeekThenWeekly() {
        CredentialLiveness l = CredentialLiveness.start(UUID.randomUUID());
        l.record(Verdict.NOT_LIVE, T0, POLICY);
        assertThat(l.nextCheckAt).isEqualTo(T0.plus(Duration.ofDays(1)));
        Instant sixDays = T0.plus(Duration.ofDays(6));
        l.record(Verdict.NOT_LIVE, sixDays, POLICY);
        assertThat(l.nextCheckAt).isEqualTo(sixDays.plus(Duration.ofDays(1)));
        Instant eightDays = T0.plus(Duration.ofDays(8));
        l.record(Verdict.NOT_LIVE, eightDays, POLICY);
        assertThat(l.nextCheckAt).isEqualTo(eightDays.plus(Duration.ofDays(7)));
        assertThat(l.notLiveSince).isEqualTo(T0);
        // Never seen working: it did not "stop working".
        assertThat(l.stoppedWorkingAt).isNull();
    }

    @Test
    void liveThenNotLiveRecordsWhenItStoppedWorkingBoundedByTheLastLiveCheck() {
        CredentialLiveness l = CredentialLiveness.start(UUID.randomUUID());
        l.record(Verdict.LIVE, T0, POLICY);
        Instant t1 = T0.plus(Duration.ofMinutes(15));
        l.record(Verdict.LIVE, t1, POLICY);
        l.record(Verdict.INDETERMINATE, t1.plus(Duration.ofMinutes(10)), POLICY);
        Instant t2 = t1.plus(Duration.ofMinutes(20));
        CredentialLiveness.Change change = l.record(Verdict.NOT_LIVE, t2, POLICY);
        assertThat(change.stoppedWorking()).isTrue();
        assertThat(change.previous()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(l.stoppedWorkingAt).isEqualTo(t2);
        assertThat(l.lastLiveAt).isEqualTo(t1);
        // Still dead: the moment stays the first NOT_LIVE.
        CredentialLiveness.Change again = l.record(Verdict.NOT_LIVE, t2.plus(Duration.ofDays(1)), POLICY);
        assertThat(again.stoppedWorking()).isFalse();
        assertThat(l.stoppedWorkingAt).isEqualTo(t2);
        // Working again clears it and says so.
        CredentialLiveness.Change revived = l.record(Verdict.LIVE, t2.plus(Duration.ofDays(2)), POLICY);
        assertThat(revived.workingAgain()).isTrue();
        assertThat(l.stoppedWorkingAt).isNull();
    }

    @Test
    void notCheckableAndStoppedMonitoringScheduleNothing() {
        CredentialLiveness l = CredentialLiveness.start(UUID.randomUUID());
        l.record(Verdict.NOT_CHECKABLE, T0, POLICY);
        assertThat(l.nextCheckAt).isNull();
        l.record(Verdict.LIVE, T0, POLICY);
        assertThat(l.nextCheckAt).isNotNull();
        l.stopMonitoring();
        assertThat(l.nextCheckAt).isNull();
        l.record(Verdict.LIVE, T0.plusSeconds(60), POLICY);
        assertThat(l.nextCheckAt).isNull();
        assertThat(l.monitoring).isEqualTo(Monitoring.STOPPED);
    }
}
