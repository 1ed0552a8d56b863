package io.leakresponder.usage;

import io.leakresponder.usage.AuditReport.AccountInfo;
import io.leakresponder.usage.AuditReport.CountryVolume;
import io.leakresponder.usage.AuditReport.Missing;
import io.leakresponder.usage.AuditReport.RetentionGap;
import io.leakresponder.usage.AuditReport.RowLink;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SourceProgress;
import io.leakresponder.usage.AuditReport.SpendLine;
import io.leakresponder.usage.AuditReport.Verdict;
import io.leakresponder.usage.UsageStore.AuditRow;
import io.leakresponder.usage.UsageStore.PullRow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Assembles an {@link AuditReport} from the stored pulls and rows, the analysis and the verdict rule. */
final class ReportBuilder {

    /** Countries listed per source in the report (the CSV export has every row). */
    static final int MAX_COUNTRIES = 50;
    /** Spend lines besides totalprice. */
    static final int MAX_SPEND_LINES = 15;

    private final UsageAnalysis analysis;
    private final UsageAnalysis.Rules rules;
    private final int sampleSids;

    ReportBuilder(UsageAnalysis.Rules rules, int sampleSids) {
        this.rules = rules;
        this.analysis = new UsageAnalysis(rules);
        this.sampleSids = sampleSids;
    }

    /**
     * @param pulls   the audit's pulls
     * @param stalled pulls still marked in progress whose job is gone or gave up (see {@link #missing})
     */
    AuditReport build(Connection c, AuditRow audit, List<PullRow> pulls, Set<UUID> stalled, Instant now)
            throws SQLException {
        AuditWindow w = audit.window();
        int headLength = rules.highRiskPrefixes().stream().mapToInt(String::length).max().orElse(1);
        UsageAnalysis.Facts facts = new UsageAnalysis.Facts(w,
                UsageQueries.spend(c, audit.id()),
                UsageQueries.countries(c, audit.id(), UsageSource.MESSAGES),
                UsageQueries.countries(c, audit.id(), UsageSource.CALLS),
                UsageQueries.heads(c, audit.id(), UsageSource.MESSAGES, headLength),
                UsageQueries.heads(c, audit.id(), UsageSource.CALLS, headLength),
                baselineRead(pulls, UsageSource.MESSAGES), baselineRead(pulls, UsageSource.CALLS),
                UsageQueries.events(c, audit.id()),
                UsageQueries.alertHours(c, audit.id()),
                alertHours(pulls),
                UsageQueries.subaccounts(c, audit.id()));
        List<Signal> signals = new ArrayList<>();
        for (Signal s : analysis.signals(facts)) {
            signals.add(withSamples(c, audit.id(), s));
        }
        List<RetentionGap> gaps = retentionGaps(audit, pulls);
        List<Missing> missing = missing(audit, pulls, stalled);
        Verdict verdict = verdict(signals, missing);
        long[] n = UsageQueries.counts(c, audit.id());
        List<AccountInfo> accounts = UsageStore.accounts(c, audit.id()).stream()
                .map(a -> new AccountInfo(a.sid(), a.main(), a.friendlyName(), a.status(), a.dateCreated())).toList();
        return new AuditReport(audit.id(), audit.incidentId(), audit.accountSid(),
                new AuditReport.Window(w.start(), w.end(), w.open(), w.effectiveEnd(), audit.windowReason(),
                        w.baselineStart(), w.baselineEnd()),
                verdict, verdictReason(verdict, signals, missing, w), signals, missing, gaps,
                pulls.stream().map(ReportBuilder::progress).toList(),
                new AuditReport.Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], accounts.size()),
                spendLines(facts.spend(), w), volumes(facts.messageCountries(), w), volumes(facts.callCountries(), w),
                accounts, audit.includeSubaccounts(), audit.startedAt(), audit.startedBy(), audit.refreshedAt(),
                audit.generation(),
                audit.reviewedAt() == null ? null : new AuditReport.Review(audit.reviewedAt(), audit.reviewedBy()),
                now);
    }

    /** SUSPICIOUS on any MEDIUM or HIGH signal; otherwise INCOMPLETE while anything is missing. */
    static Verdict verdict(List<Signal> signals, List<Missing> missing) {
        if (signals.stream().anyMatch(s -> s.severity().suspicious())) {
            return Verdict.SUSPICIOUS;
        }
        return missing.isEmpty() ? Verdict.NO_SIGN_OF_MISUSE : Verdict.INCOMPLETE;
    }

    private static String verdictReason(Verdict v, List<Signal> signals, List<Missing> missing, AuditWindow w) {
        return switch (v) {
            case SUSPICIOUS -> {
                long serious = signals.stream().filter(s -> s.severity().suspicious()).count();
                yield serious + " signal(s) of possible misuse in the window" + (missing.isEmpty()
                        ? ""
                        : "; besides, " + missing.size() + " part(s) of the evidence could not be read");
            }
            case INCOMPLETE -> "nothing suspicious in what was read, but " + missing.size()
                    + " part(s) of the evidence could not be read (yet)";
            case NO_SIGN_OF_MISUSE -> "every source was read for the whole window"
                    + (w.hasBaseline() ? " and its baseline" : "") + " and nothing suspicious was found";
        };
    }

    private RowLink withSampleSids(Connection c, UUID auditId, RowLink link) throws SQLException {
        List<String> samples = link.sampleSids().isEmpty()
                ? UsageQueries.sample(c, auditId, link.source(), link.filter(), sampleSids)
                : link.sampleSids();
        long count = link.count() > 0 ? link.count() : UsageQueries.count(c, auditId, link.source(), link.filter());
        return new RowLink(link.source(), link.filter(), count, samples);
    }

    private Signal withSamples(Connection c, UUID auditId, Signal s) throws SQLException {
        List<RowLink> links = new ArrayList<>();
        for (RowLink link : s.rows()) {
            links.add(withSampleSids(c, auditId, link));
        }
        return new Signal(s.kind(), s.severity(), s.title(), s.detail(), links);
    }

    private static boolean baselineRead(List<PullRow> pulls, UsageSource source) {
        List<PullRow> baseline = pulls.stream()
                .filter(p -> p.source() == source && p.period() == UsagePeriod.BASELINE).toList();
        return !baseline.isEmpty() && baseline.stream().allMatch(p -> p.status() == PullStatus.DONE);
    }

    private static long alertHours(List<PullRow> pulls) {
        return pulls.stream().filter(p -> p.source() == UsageSource.MONITOR_ALERTS
                && p.status() != PullStatus.OUT_OF_RETENTION)
                .mapToLong(p -> Duration.between(p.rangeStart(), p.rangeEnd()).toHours()).max().orElse(0);
    }

    /** Monitor pulls that start after the window does: Twilio no longer keeps the beginning. */
    static List<RetentionGap> retentionGaps(AuditRow audit, List<PullRow> pulls) {
        List<RetentionGap> gaps = new ArrayList<>();
        for (PullRow p : pulls) {
            if (p.source() != UsageSource.MONITOR_EVENTS && p.source() != UsageSource.MONITOR_ALERTS) {
                continue;
            }
            Instant from = p.status() == PullStatus.OUT_OF_RETENTION ? audit.window().effectiveEnd() : p.rangeStart();
            if (from.isAfter(audit.windowStart())) {
                Instant available = p.source() == UsageSource.MONITOR_EVENTS
                        ? audit.eventsRetentionStart()
                        : audit.alertsRetentionStart();
                gaps.add(new RetentionGap(p.source(), p.accountSid(), available, "no evidence available before "
                        + available + " for " + p.source().label() + " of " + p.accountSid() + " (the window "
                        + "starts " + audit.windowStart() + "; Twilio keeps "
                        + (p.source() == UsageSource.MONITOR_EVENTS
                                ? "Monitor Events 30 days, 13 months on paid "
                                        + "editions"
                                : "Monitor Alerts 30 days")
                        + ")"));
            }
        }
        return gaps;
    }

    /** Everything not read in full, in words. */
    static List<Missing> missing(AuditRow audit, List<PullRow> pulls, Set<UUID> stalled) {
        List<Missing> out = new ArrayList<>();
        for (PullRow p : pulls) {
            if (stalled.contains(p.id())) {
                out.add(new Missing(p.source(), p.accountSid(), p.period(), p.source().label() + " of "
                        + p.accountSid() + ": the job reading it stopped after " + p.pages() + " page(s) (it gave up "
                        + "or was removed" + (p.detail() == null ? "" : "; last: " + p.detail())
                        + "); refresh the audit to read it again", true));
                continue;
            }
            String what = p.source().label() + " of " + p.accountSid()
                    + (p.period() == UsagePeriod.BASELINE_AND_WINDOW
                            ? ""
                            : " (" + p.period().name().toLowerCase(
                                    Locale.ROOT) + ")");
            String why = switch (p.status()) {
                case DONE -> null;
                case PENDING -> "not started yet";
                case RUNNING -> "still being read (" + p.pages() + " page(s), " + p.rowsStored() + " row(s) so far)";
                case RATE_LIMITED -> "paused by Twilio's rate limit; continues at " + p.nextAttemptAt()
                        + " from page " + (p.pages() + 1);
                case FAILED -> "failed: " + p.detail();
                case NO_ACCESS -> "not readable with this credential: " + p.detail();
                case NO_CREDENTIAL -> "not read: no credential was available";
                case OUT_OF_RETENTION -> "no evidence available: " + p.detail();
            };
            if (why != null) {
                out.add(new Missing(p.source(), p.accountSid(), p.period(), what + ": " + why));
            } else if ((p.source() == UsageSource.MONITOR_EVENTS || p.source() == UsageSource.MONITOR_ALERTS)
                    && p.rangeStart().isAfter(audit.windowStart())) {
                out.add(new Missing(p.source(), p.accountSid(), p.period(), what + ": no evidence available before "
                        + p.rangeStart() + " (Twilio's retention); read from then on"));
            }
        }
        return out;
    }

    private static SourceProgress progress(PullRow p) {
        return new SourceProgress(p.source(), p.accountSid(), p.period(), p.rangeStart(), p.rangeEnd(), p.status(),
                p.pages(), p.rowsRead(), p.rowsStored(), p.rowsOutside(), p.rateLimited(), p.nextAttemptAt(),
                p.detail(), p.startedAt(), p.finishedAt());
    }

    private static List<SpendLine> spendLines(List<UsageAnalysis.SpendFact> spend, AuditWindow w) {
        long wd = w.windowDays();
        long bd = w.baselineDays();
        List<SpendLine> lines = new ArrayList<>();
        for (UsageAnalysis.SpendFact s : spend) {
            BigDecimal window = abs(s.window());
            BigDecimal baseline = abs(s.baseline());
            if (window.signum() == 0 && baseline.signum() == 0) {
                continue;
            }
            BigDecimal wPerDay = window.divide(BigDecimal.valueOf(Math.max(1, wd)), 4, RoundingMode.HALF_UP);
            BigDecimal bPerDay = bd == 0
                    ? null
                    : baseline.divide(BigDecimal.valueOf(bd), 4, RoundingMode.HALF_UP);
            Double ratio = bPerDay == null || bPerDay.signum() == 0
                    ? null
                    : wPerDay.divide(bPerDay, MathContext.DECIMAL64).doubleValue();
            lines.add(new SpendLine(s.category(), s.currency(), window, baseline, wPerDay, bPerDay, ratio));
        }
        lines.sort(Comparator.<SpendLine>comparingInt(l -> UsageAnalysis.TOTAL_PRICE.equalsIgnoreCase(l.category())
                ? 0
                : 1).thenComparing(l -> l.windowPerDay().subtract(
                        l.baselinePerDay() == null
                                ? BigDecimal.ZERO
                                : l.baselinePerDay()),
                        Comparator.reverseOrder()));
        return lines.size() > MAX_SPEND_LINES + 1 ? List.copyOf(lines.subList(0, MAX_SPEND_LINES + 1)) : lines;
    }

    private static List<CountryVolume> volumes(List<UsageAnalysis.CountryFact> facts, AuditWindow w) {
        return facts.stream().limit(MAX_COUNTRIES)
                .map(f -> new CountryVolume(f.country(), f.window(), f.baseline(), f.windowPrice(),
                        w.hasBaseline() && f.window() > 0 && f.baseline() == 0
                                && !Countries.UNKNOWN.equals(f.country())))
                .toList();
    }

    private static BigDecimal abs(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v.abs();
    }
}
