package io.leakresponder.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The time ranges of one audit, fixed when it is started or refreshed: the window, the baseline before it, and
 * how far back Twilio still serves Monitor Events and Alerts. Plain values, unit-tested.
 *
 * @param start                the window's start
 * @param end                  the confirmed end, or null while the window is open
 * @param effectiveEnd         what the pulls read up to: {@code end}, or {@code now} while open (never in the future)
 * @param baselineStart        start of the baseline, which ends at {@code start}
 * @param eventsRetentionStart oldest Monitor Event still served
 * @param alertsRetentionStart oldest Monitor Alert still served
 */
record AuditWindow(Instant start, Instant end, Instant effectiveEnd, Instant baselineStart,
        Instant eventsRetentionStart, Instant alertsRetentionStart) {

    /** Monitor Events on free editions, and Monitor Alerts always. */
    static final Duration SHORT_RETENTION = Duration.ofDays(30);
    /**
     * Kept off the edge of retention, so that a page read a little later does not ask for a day Twilio dropped in
     * between; what the margin hides is reported as part of the gap.
     */
    static final Duration RETENTION_MARGIN = Duration.ofHours(1);

    AuditWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(effectiveEnd, "effectiveEnd");
        Objects.requireNonNull(baselineStart, "baselineStart");
        Objects.requireNonNull(eventsRetentionStart, "eventsRetentionStart");
        Objects.requireNonNull(alertsRetentionStart, "alertsRetentionStart");
    }

    /**
     * Computes the ranges at {@code now}.
     *
     * @param paidEdition Monitor Events go back 13 months instead of 30 days
     * @throws IllegalArgumentException when the window starts in the future
     */
    static AuditWindow of(Instant start, Instant end, Duration baselineCap, boolean paidEdition, Instant now) {
        if (!start.isBefore(now)) {
            throw new IllegalArgumentException("windowStart must be in the past");
        }
        Instant effectiveEnd = end == null || end.isAfter(now) ? now : end;
        Duration length = Duration.between(start, effectiveEnd);
        Duration baseline = length.compareTo(baselineCap) > 0 ? baselineCap : length;
        Instant eventsFrom = paidEdition
                ? now.atZone(ZoneOffset.UTC).minusMonths(13).toInstant()
                : now.minus(SHORT_RETENTION);
        Instant alertsFrom = now.minus(SHORT_RETENTION);
        return new AuditWindow(start, end, effectiveEnd, start.minus(baseline),
                eventsFrom.plus(RETENTION_MARGIN), alertsFrom.plus(RETENTION_MARGIN));
    }

    boolean open() {
        return end == null;
    }

    Instant baselineEnd() {
        return start;
    }

    boolean hasBaseline() {
        return baselineStart.isBefore(start);
    }

    /**
     * Whole UTC days of baseline for daily Usage Records: the baseline's length rounded up to days, so a window of
     * a few hours still compares with the day before it. 0 without baseline.
     */
    long baselineDays() {
        long seconds = Duration.between(baselineStart, start).toSeconds();
        return (seconds + 86_399) / 86_400;
    }

    /** First UTC day of daily Usage Records to read (the baseline's first day). */
    LocalDate firstDay() {
        return firstWindowDay().minusDays(baselineDays());
    }

    /** Last UTC day of daily Usage Records to read (the window's last day). */
    LocalDate lastDay() {
        return day(effectiveEnd);
    }

    /** First UTC day counted as window; the days before it are baseline. */
    LocalDate firstWindowDay() {
        return day(start);
    }

    /** Whole UTC days counted as window (at least 1). */
    long windowDays() {
        return ChronoUnit.DAYS.between(firstWindowDay(), lastDay()) + 1;
    }

    /** The period a day of Usage Records belongs to. */
    UsagePeriod periodOf(LocalDate day) {
        return day.isBefore(firstWindowDay()) ? UsagePeriod.BASELINE : UsagePeriod.WINDOW;
    }

    /** Where the readable part of the window starts for a source with retention starting at {@code retention}. */
    Instant readableFrom(Instant retention) {
        return start.isBefore(retention) ? retention : start;
    }

    /** True when the whole window lies before {@code retention}: nothing of it can be read. */
    boolean entirelyBefore(Instant retention) {
        return !effectiveEnd.isAfter(retention);
    }

    static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
