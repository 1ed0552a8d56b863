package io.leakresponder.usage;

import io.leakresponder.usage.UsageStore.PullRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which pulls an audit needs, per account: daily Usage Records over baseline and window in one pass, Messages and
 * Calls for window and baseline (the baseline tells which destination countries are usual), Monitor Events and
 * Alerts for the part of the window Twilio still keeps. A source whose whole range lies before retention gets a
 * pull that is OUT_OF_RETENTION from the start, so the gap shows in the report.
 */
final class PullPlan {

    private PullPlan() {
    }

    /** The listing of subaccounts; each subaccount found then gets {@link #forAccount} pulls. */
    static PullRow subaccounts(UUID auditId, String mainAccountSid, AuditWindow w, Instant now) {
        return pending(auditId, UsageSource.SUBACCOUNTS, mainAccountSid, UsagePeriod.WINDOW, w.start(),
                w.effectiveEnd(), now);
    }

    static List<PullRow> forAccount(UUID auditId, String accountSid, AuditWindow w, Instant now) {
        List<PullRow> pulls = new ArrayList<>();
        pulls.add(pending(auditId, UsageSource.USAGE_RECORDS, accountSid, UsagePeriod.BASELINE_AND_WINDOW,
                w.firstDay().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), w.effectiveEnd(), now));
        for (UsageSource source : List.of(UsageSource.MESSAGES, UsageSource.CALLS)) {
            pulls.add(pending(auditId, source, accountSid, UsagePeriod.WINDOW, w.start(), w.effectiveEnd(), now));
            if (w.hasBaseline()) {
                pulls.add(pending(auditId, source, accountSid, UsagePeriod.BASELINE, w.baselineStart(), w.start(),
                        now));
            }
        }
        pulls.add(retained(auditId, UsageSource.MONITOR_EVENTS, accountSid, w, w.eventsRetentionStart(), now));
        pulls.add(retained(auditId, UsageSource.MONITOR_ALERTS, accountSid, w, w.alertsRetentionStart(), now));
        return pulls;
    }

    private static PullRow retained(UUID auditId, UsageSource source, String accountSid, AuditWindow w,
            Instant retention, Instant now) {
        if (w.entirelyBefore(retention)) {
            return new PullRow(UUID.randomUUID(), auditId, source, accountSid, UsagePeriod.WINDOW, w.start(),
                    w.effectiveEnd(), PullStatus.OUT_OF_RETENTION, 1, null, 0, 0, 0, 0, 0, 0, null, null, null,
                    "the whole window lies before " + retention + ", the oldest " + source.label()
                            + " Twilio still serves",
                    null, now, now);
        }
        return pending(auditId, source, accountSid, UsagePeriod.WINDOW, w.readableFrom(retention), w.effectiveEnd(),
                now);
    }

    private static PullRow pending(UUID auditId, UsageSource source, String accountSid, UsagePeriod period,
            Instant from, Instant to, Instant now) {
        return new PullRow(UUID.randomUUID(), auditId, source, accountSid, period, from, to, PullStatus.PENDING, 1,
                null, 0, 0, 0, 0, 0, 0, null, null, null, null, null, now, null);
    }
}
