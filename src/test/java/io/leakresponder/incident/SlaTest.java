package io.leakresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlaTest {

    static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    static final SlaConfig TARGETS = new SlaConfig() {
        public Duration criticalAcknowledge() {
            return Duration.ofMinutes(15);
        }
        public Duration criticalContain() {
            return Duration.ofHours(1);
        }
        public Duration highAcknowledge() {
            return Duration.ofHours(1);
        }
        public Duration highContain() {
            return Duration.ofHours(4);
        }
        public Duration mediumAcknowledge() {
            return Duration.ofHours(4);
        }
        public Duration mediumContain() {
            return Duration.ofDays(1);
        }
        public Duration lowAcknowledge() {
            return Duration.ofDays(1);
        }
        public Duration lowContain() {
            return Duration.ofDays(7);
        }
        public Duration infoAcknowledge() {
            return Duration.ofDays(7);
        }
        public Duration infoContain() {
            return Duration.ofDays(30);
        }
    };

    @Test
    void openTargetsBreachWhenTheirDeadlinePasses() {
        Incident i = Incident.open(UUID.randomUUID(), Severity.CRITICAL, "t", T0);
        Sla early = Sla.of(i, TARGETS, T0.plus(Duration.ofMinutes(10)));
        assertThat(early.acknowledgeBy()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(early.breached()).isFalse();
        Sla late = Sla.of(i, TARGETS, T0.plus(Duration.ofMinutes(16)));
        assertThat(late.acknowledgeBreached()).isTrue();
        assertThat(late.containBreached()).isFalse();
        assertThat(Sla.of(i, TARGETS, T0.plus(Duration.ofMinutes(61))).containBreached()).isTrue();
    }

    @Test
    void aTargetMetInTimeStaysMetAndOneMetLateStaysBreached() {
        Incident i = Incident.open(UUID.randomUUID(), Severity.HIGH, "t", T0);
        i.acknowledge("alice", T0.plus(Duration.ofMinutes(30)));
        i.markContained(true, T0.plus(Duration.ofHours(5)));
        Sla sla = Sla.of(i, TARGETS, T0.plus(Duration.ofDays(3)));
        assertThat(sla.acknowledgeBreached()).isFalse();
        assertThat(sla.containBreached()).isTrue();
    }

    @Test
    void anIncidentClosedEarlyIsNotBreached() {
        Incident i = Incident.open(UUID.randomUUID(), Severity.LOW, "t", T0);
        i.closeEarly(Resolution.FALSE_POSITIVE, "not a secret", false, false, T0.plus(Duration.ofMinutes(5)));
        assertThat(Sla.of(i, TARGETS, T0.plus(Duration.ofDays(60))).breached()).isFalse();
    }
}
