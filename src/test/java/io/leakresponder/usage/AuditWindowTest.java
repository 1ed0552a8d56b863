package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AuditWindowTest {

    static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");

    @Test
    void baselineHasTheWindowsLengthUpToTheCap() {
        AuditWindow w = AuditWindow.of(Instant.parse("2026-03-20T06:00:00Z"), Instant.parse("2026-03-22T06:00:00Z"),
                Duration.ofDays(30), false, NOW);
        assertThat(w.baselineStart()).isEqualTo(Instant.parse("2026-03-18T06:00:00Z"));
        assertThat(w.baselineEnd()).isEqualTo(w.start());

        AuditWindow capped = AuditWindow.of(Instant.parse("2026-01-01T00:00:00Z"), null, Duration.ofDays(7), false,
                NOW);
        assertThat(capped.baselineStart()).isEqualTo(Instant.parse("2025-12-25T00:00:00Z"));
    }

    @Test
    void anOpenWindowRunsToNowAndAnEndInTheFutureIsCut() {
        AuditWindow open = AuditWindow.of(Instant.parse("2026-03-30T00:00:00Z"), null, Duration.ofDays(30), false,
                NOW);
        assertThat(open.open()).isTrue();
        assertThat(open.effectiveEnd()).isEqualTo(NOW);
        AuditWindow future = AuditWindow.of(Instant.parse("2026-03-30T00:00:00Z"), NOW.plusSeconds(3600),
                Duration.ofDays(30), false, NOW);
        assertThat(future.effectiveEnd()).isEqualTo(NOW);
        assertThat(future.open()).isFalse();
    }

    @Test
    void aWindowStartingInTheFutureIsRefused() {
        assertThatThrownBy(() -> AuditWindow.of(NOW.plusSeconds(1), null, Duration.ofDays(1), false, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retentionIs30DaysOr13MonthsForEventsAnd30DaysForAlerts() {
        AuditWindow free = AuditWindow.of(Instant.parse("2026-01-01T00:00:00Z"), null, Duration.ofDays(30), false,
                NOW);
        assertThat(free.eventsRetentionStart()).isEqualTo(NOW.minus(Duration.ofDays(30)).plus(Duration.ofHours(1)));
        assertThat(free.alertsRetentionStart()).isEqualTo(free.eventsRetentionStart());
        AuditWindow paid = AuditWindow.of(Instant.parse("2026-01-01T00:00:00Z"), null, Duration.ofDays(30), true,
                NOW);
        assertThat(paid.eventsRetentionStart()).isEqualTo(Instant.parse("2025-02-28T13:00:00Z"));
        assertThat(paid.alertsRetentionStart()).isEqualTo(free.alertsRetentionStart());

        assertThat(free.readableFrom(free.eventsRetentionStart())).isEqualTo(free.eventsRetentionStart());
        AuditWindow old = AuditWindow.of(Instant.parse("2025-12-01T00:00:00Z"), Instant.parse("2025-12-02T00:00:00Z"),
                Duration.ofDays(30), false, NOW);
        assertThat(old.entirelyBefore(old.eventsRetentionStart())).isTrue();
        assertThat(free.entirelyBefore(free.eventsRetentionStart())).isFalse();
    }

    @Test
    void usageRecordDaysAreWholeUtcDays() {
        // A few hours' window compares with the whole day before it.
        AuditWindow w = AuditWindow.of(Instant.parse("2026-03-20T10:00:00Z"), Instant.parse("2026-03-20T13:00:00Z"),
                Duration.ofDays(30), false, NOW);
        assertThat(w.windowDays()).isEqualTo(1);
        assertThat(w.baselineDays()).isEqualTo(1);
        assertThat(w.firstDay()).isEqualTo(LocalDate.parse("2026-03-19"));
        assertThat(w.lastDay()).isEqualTo(LocalDate.parse("2026-03-20"));
        assertThat(w.periodOf(LocalDate.parse("2026-03-19"))).isEqualTo(UsagePeriod.BASELINE);
        assertThat(w.periodOf(LocalDate.parse("2026-03-20"))).isEqualTo(UsagePeriod.WINDOW);

        AuditWindow days = AuditWindow.of(Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-13T09:00:00Z"),
                Duration.ofDays(30), false, NOW);
        assertThat(days.windowDays()).isEqualTo(4);
        assertThat(days.baselineDays()).isEqualTo(3);
        assertThat(days.firstDay()).isEqualTo(LocalDate.parse("2026-03-07"));

        AuditWindow none = AuditWindow.of(Instant.parse("2026-03-10T10:00:00Z"), null, Duration.ZERO, false, NOW);
        assertThat(none.hasBaseline()).isFalse();
        assertThat(none.baselineDays()).isZero();
    }
}
