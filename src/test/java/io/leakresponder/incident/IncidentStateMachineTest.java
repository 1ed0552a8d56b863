package io.leakresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncidentStateMachineTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** An incident brought to a given state through the legal path. */
    static Incident in(IncidentState state) {
        Incident i = Incident.open(UUID.randomUUID(), Severity.HIGH, "t", NOW);
        if (state == IncidentState.OPEN) {
            return i;
        }
        i.acknowledge("alice", NOW);
        if (state == IncidentState.ACKNOWLEDGED) {
            return i;
        }
        i.markContained(true, NOW);
        if (state == IncidentState.CONTAINED) {
            return i;
        }
        i.markRemediated(0, NOW);
        if (state == IncidentState.REMEDIATED) {
            return i;
        }
        i.markAudited(true, NOW);
        if (state == IncidentState.AUDITED) {
            return i;
        }
        i.closeRevoked(NOW);
        return i;
    }

    /** Each forward action and the only state it is legal from. */
    static final Map<String, IncidentState> FORWARD = Map.of(
            "acknowledge", IncidentState.OPEN,
            "contain", IncidentState.ACKNOWLEDGED,
            "remediate", IncidentState.CONTAINED,
            "audit", IncidentState.REMEDIATED,
            "close", IncidentState.AUDITED);

    static final Map<String, Consumer<Incident>> ACTIONS = Map.of(
            "acknowledge", i -> i.acknowledge("bob", NOW),
            "contain", i -> i.markContained(true, NOW),
            "remediate", i -> i.markRemediated(0, NOW),
            "audit", i -> i.markAudited(true, NOW),
            "close", i -> i.closeRevoked(NOW));

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void forwardActionsAreLegalOnlyFromTheirState(IncidentState from) {
        FORWARD.forEach((action, legalFrom) -> {
            Incident i = in(from);
            if (from == legalFrom) {
                ACTIONS.get(action).accept(i);
                assertThat(i.state()).isNotEqualTo(from);
            } else {
                assertThatThrownBy(() -> ACTIONS.get(action).accept(i))
                        .as(action + " from " + from).isInstanceOf(IllegalTransitionException.class);
                assertThat(i.state()).isEqualTo(from);
            }
        });
    }

    @Test
    void theHappyPathEndsRevokedWithEveryTimestamp() {
        Incident i = in(IncidentState.CLOSED);
        assertThat(i.resolution).isEqualTo(Resolution.REVOKED);
        assertThat(i.assignee).isEqualTo("alice");
        assertThat(java.util.Arrays.asList(i.acknowledgedAt, i.containedAt, i.remediatedAt, i.auditedAt, i.closedAt))
                .containsOnly(NOW);
    }

    @Test
    void evidenceIsRequiredAtEachStage() {
        Incident ack = in(IncidentState.ACKNOWLEDGED);
        assertThatThrownBy(() -> ack.markContained(false, NOW)).hasMessageContaining("NOT_LIVE");
        Incident contained = in(IncidentState.CONTAINED);
        assertThatThrownBy(() -> contained.markRemediated(2, NOW)).hasMessageContaining("2 consumer(s)");
        Incident remediated = in(IncidentState.REMEDIATED);
        assertThatThrownBy(() -> remediated.markAudited(false, NOW)).hasMessageContaining("not been reviewed");
        assertThat(ack.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(contained.state()).isEqualTo(IncidentState.CONTAINED);
        assertThat(remediated.state()).isEqualTo(IncidentState.REMEDIATED);
    }

    @ParameterizedTest
    @EnumSource(value = IncidentState.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void everyOpenStateClosesEarlyWithAReason(IncidentState from) {
        for (Resolution r : EnumSet.of(Resolution.FALSE_POSITIVE, Resolution.TEST_CREDENTIAL, Resolution.NEVER_LIVE,
                Resolution.ACCEPTED_RISK)) {
            Incident i = in(from);
            i.closeEarly(r, "checked with the owner", true, true, NOW);
            assertThat(i.state()).isEqualTo(IncidentState.CLOSED);
            assertThat(i.resolution).isEqualTo(r);
            assertThat(i.resolutionReason).isEqualTo("checked with the owner");
        }
    }

    @Test
    void earlyClosingRules() {
        assertThatThrownBy(() -> in(IncidentState.OPEN).closeEarly(Resolution.NEVER_LIVE, "x", true, false, NOW))
                .hasMessageContaining("not every liveness check");
        assertThatThrownBy(() -> in(IncidentState.OPEN).closeEarly(Resolution.ACCEPTED_RISK, "x", false, true, NOW))
                .hasMessageContaining("only an admin");
        assertThatThrownBy(() -> in(IncidentState.OPEN).closeEarly(Resolution.FALSE_POSITIVE, " ", true, true, NOW))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> in(IncidentState.ACKNOWLEDGED).closeEarly(Resolution.REVOKED, "x", true, true, NOW))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> in(IncidentState.CLOSED).closeEarly(Resolution.FALSE_POSITIVE, "x", true, true, NOW))
                .hasMessageContaining("already closed");
    }

    @Test
    void onlyAClosedIncidentReopens() {
        Incident closed = in(IncidentState.CLOSED);
        closed.reopen(NOW);
        assertThat(closed.state()).isEqualTo(IncidentState.OPEN);
        assertThat(closed.resolution).isNull();
        assertThat(closed.reopenedCount).isEqualTo(1);
        for (IncidentState s : EnumSet.complementOf(EnumSet.of(IncidentState.CLOSED))) {
            assertThatThrownBy(() -> in(s).reopen(NOW)).isInstanceOf(IllegalTransitionException.class);
        }
    }

    @Test
    void acknowledgingNeedsAnAssignee() {
        assertThatThrownBy(() -> in(IncidentState.OPEN).acknowledge(" ", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
