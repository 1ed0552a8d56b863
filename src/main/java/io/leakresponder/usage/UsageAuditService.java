package io.leakresponder.usage;

import io.leakresponder.jobs.JobEngine;
import io.leakresponder.jobs.JobState;
import io.leakresponder.jobs.JobStatus;
import io.leakresponder.usage.UsageStore.AuditRow;
import io.leakresponder.usage.UsageStore.PullRow;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The usage audit of an incident's compromised window: start or refresh the pulls, read the report, export the raw
 * rows as CSV, render the Markdown summary, and record the responder's review.
 *
 * <p>Pulls run as durable jobs ({@code usage-pull}); each authenticates with the credential {@link
 * UsageCredentialProvider} hands out when it runs. Methods that write take part in the caller's transaction (or
 * open one), so an incident transition and the start of its audit commit together; reads need none.
 */
@ApplicationScoped
@Startup // so that a bad CIDR or prefix in the configuration stops start-up rather than the first report
public class UsageAuditService {

    private static final Logger LOG = Logger.getLogger(UsageAuditService.class);

    private final DataSource dataSource;
    private final UsagePulls pulls;
    private final JobEngine jobs;
    private final UsageConfig config;
    private final Clock clock;
    private final ReportBuilder reports;

    UsageAuditService(DataSource dataSource, UsagePulls pulls, JobEngine jobs, UsageConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.pulls = pulls;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
        // Parsed once, at start-up (see @Startup).
        this.reports = new ReportBuilder(UsageAnalysis.Rules.of(config), config.sampleSids());
    }

    /**
     * Starts the audit of {@code req.incidentId()}, or refreshes it: the window and baseline are (re)computed now,
     * previous rows, pulls and review are discarded, and every source is pulled again. Returns the audit id, which
     * stays the same across refreshes.
     *
     * @throws IllegalArgumentException when the window starts in the future
     */
    @Transactional
    public UUID start(UsageAuditRequest req) {
        Objects.requireNonNull(req, "req");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Duration cap = req.baselineCap() != null ? req.baselineCap() : config.baselineCap();
        AuditWindow w = AuditWindow.of(req.windowStart().truncatedTo(ChronoUnit.MICROS),
                req.windowEnd() == null ? null : req.windowEnd().truncatedTo(ChronoUnit.MICROS), cap,
                config.paidEdition(), now);
        return sql(c -> {
            Optional<AuditRow> existing = UsageStore.auditOfIncident(c, req.incidentId(), true);
            UUID auditId = existing.map(AuditRow::id).orElseGet(UUID::randomUUID);
            int generation = existing.map(a -> a.generation() + 1).orElse(1);
            AuditRow audit = new AuditRow(auditId, req.incidentId(), req.accountSid(), w.start(), w.end(),
                    req.windowReason(), w.effectiveEnd(), w.baselineStart(), req.includeSubaccounts(),
                    w.eventsRetentionStart(), w.alertsRetentionStart(), generation,
                    existing.map(AuditRow::startedAt).orElse(now), existing.map(AuditRow::startedBy)
                            .orElse(req.requestedBy()),
                    now, null, null);
            if (existing.isPresent()) {
                cancelPending(c, auditId);
                UsageStore.clearAudit(c, auditId);
                UsageStore.refreshAudit(c, audit);
            } else {
                UsageStore.insertAudit(c, audit);
            }
            UsageStore.insertAccount(c, auditId, new Rows.AccountRow(req.accountSid(), true, null, null, null, null));
            List<PullRow> planned = new ArrayList<>(PullPlan.forAccount(auditId, req.accountSid(), w, now));
            if (req.includeSubaccounts()) {
                planned.add(PullPlan.subaccounts(auditId, req.accountSid(), w, now));
            }
            for (PullRow p : planned) {
                UsageStore.insertPull(c, p);
                if (p.status() == PullStatus.PENDING) {
                    pulls.schedule(p, now);
                }
            }
            LOG.infof("usage audit %s of incident %s %s by %s: window %s to %s, %d pull(s)", auditId,
                    req.incidentId(), existing.isPresent() ? "refreshed" : "started", req.requestedBy(), w.start(),
                    w.open() ? "open (" + w.effectiveEnd() + ")" : w.effectiveEnd(), planned.size());
            return auditId;
        });
    }

    /** Whether the incident has an audit. */
    public boolean exists(UUID incidentId) {
        return read(c -> UsageStore.auditOfIncident(c, incidentId, false).isPresent());
    }

    /**
     * The audit as it stands, computed from the stored rows (a few aggregate queries; on a million messages about a
     * second).
     *
     * @throws UsageAuditNotFoundException when the incident has no audit
     */
    public AuditReport report(UUID incidentId) {
        return read(c -> {
            AuditRow audit = audit(c, incidentId);
            List<PullRow> all = UsageStore.pullsOfAudit(c, audit.id());
            return reports.build(c, audit, all, stalled(all), clock.instant());
        });
    }

    /**
     * {@code totalprice} per UTC day of the Usage Records read, from the baseline's first day to the window's last
     * (days without records count 0), each marked WINDOW or BASELINE as the report counts them.
     *
     * @throws UsageAuditNotFoundException when the incident has no audit
     */
    public List<DaySpend> dailySpend(UUID incidentId) {
        return read(c -> {
            AuditRow audit = audit(c, incidentId);
            AuditWindow w = audit.window();
            Map<LocalDate, UsageQueries.DaySpendFact> stored = new HashMap<>();
            String currency = null;
            for (UsageQueries.DaySpendFact f : UsageQueries.dailyTotal(c, audit.id())) {
                stored.put(f.day(), f);
                currency = currency == null ? f.currency() : currency;
            }
            List<DaySpend> out = new ArrayList<>();
            for (LocalDate d = w.firstDay(); !d.isAfter(w.lastDay()); d = d.plusDays(1)) {
                UsageQueries.DaySpendFact f = stored.get(d);
                out.add(new DaySpend(d, w.periodOf(d), f == null || f.currency() == null ? currency : f.currency(),
                        f == null ? BigDecimal.ZERO : f.price().abs()));
            }
            return out;
        });
    }

    /**
     * One UTC day of spend ({@code totalprice}, as a positive amount).
     *
     * @param currency Twilio's price unit (e.g. {@code usd}); null when no record of the audit names one
     */
    public record DaySpend(LocalDate day, UsagePeriod period, String currency, BigDecimal amount) {
    }

    /**
     * Outbound rows per destination country, window against baseline, every country (the report lists the first
     * {@value ReportBuilder#MAX_COUNTRIES}), most window rows first.
     *
     * @throws UsageAuditNotFoundException when the incident has no audit
     */
    public List<AuditReport.CountryVolume> destinationCountries(UUID incidentId, UsageSource source) {
        if (source != UsageSource.MESSAGES && source != UsageSource.CALLS) {
            throw new IllegalArgumentException("only messages and calls have destinations");
        }
        return read(c -> {
            AuditRow audit = audit(c, incidentId);
            boolean baseline = audit.window().hasBaseline();
            return UsageQueries.countries(c, audit.id(), source).stream()
                    .map(f -> new AuditReport.CountryVolume(f.country(), f.window(), f.baseline(), f.windowPrice(),
                            baseline && f.window() > 0 && f.baseline() == 0 && !Countries.UNKNOWN.equals(f.country())))
                    .toList();
        });
    }

    /** The report as Markdown for the post-incident record. */
    public String markdownSummary(UUID incidentId) {
        return MarkdownSummary.render(report(incidentId));
    }

    /**
     * Writes the audit's rows of one source as CSV (header line first) to {@code out}, streaming: suits a JAX-RS
     * {@code StreamingOutput}. Call it outside a transaction; it reads through a cursor of its own. Cells that a
     * spreadsheet would run as formulas are prefixed with {@code '}.
     *
     * @return rows written
     * @throws UsageAuditNotFoundException when the incident has no audit
     * @throws IllegalArgumentException    when the filter names a field the source does not have
     */
    public long exportCsv(UUID incidentId, UsageSource source, UsageExportFilter filter, OutputStream out) {
        Objects.requireNonNull(source, "source");
        UsageExportFilter f = filter == null ? UsageExportFilter.none() : filter;
        f.requireApplicableTo(source); // before the first byte, so a bad filter can still become a 400
        try (Connection c = dataSource.getConnection()) {
            return UsageQueries.exportCsv(c, audit(c, incidentId).id(), source, f, out);
        } catch (SQLException e) {
            throw new UsageStoreException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records that {@code actor} reviewed the audit; the incident may then move to AUDITED. Refused while pulls are
     * still running: a review must see the final picture. An INCOMPLETE audit may be reviewed (the gaps are part of
     * what the responder accepts); a refresh discards the review.
     */
    @Transactional
    public ReviewResult markReviewed(UUID incidentId, String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
        return sql(c -> {
            AuditRow audit = UsageStore.auditOfIncident(c, incidentId, true)
                    .orElseThrow(() -> new UsageAuditNotFoundException(incidentId));
            if (audit.reviewedAt() != null) {
                return new ReviewResult(true, "already reviewed", audit.reviewedAt(), audit.reviewedBy());
            }
            List<PullRow> all = UsageStore.pullsOfAudit(c, audit.id());
            Set<UUID> stalled = stalled(all);
            long running = all.stream().filter(p -> p.status().inProgress() && !stalled.contains(p.id())).count();
            if (running > 0) {
                return new ReviewResult(false, running + " pull(s) still in progress; review once they have "
                        + "finished", null, null);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            UsageStore.markReviewed(c, audit.id(), actor, now);
            LOG.infof("usage audit %s of incident %s reviewed by %s", audit.id(), incidentId, actor);
            return new ReviewResult(true, "reviewed", now, actor);
        });
    }

    /**
     * The outcome of {@link #markReviewed}.
     *
     * @param reviewed whether the audit is (now or already) reviewed
     * @param reason   why not, or "reviewed" / "already reviewed"
     */
    public record ReviewResult(boolean reviewed, String reason, Instant reviewedAt, String reviewedBy) {
    }

    // ---- helpers ----

    private static AuditRow audit(Connection c, UUID incidentId) throws SQLException {
        return UsageStore.auditOfIncident(c, incidentId, false)
                .orElseThrow(() -> new UsageAuditNotFoundException(incidentId));
    }

    /**
     * Pulls marked in progress whose job no longer runs: db-scheduler kept it as FAILED (a node died with it too
     * often) or it was removed. They would otherwise look in progress forever.
     */
    private Set<UUID> stalled(List<PullRow> all) {
        List<PullRow> running = all.stream().filter(p -> p.status().inProgress()).toList();
        // One query for all of them (an audit of many subaccounts has dozens of pulls, and the page polls this).
        Map<String, JobStatus> jobsOf = jobs.findAll(UsagePullJob.TASK,
                running.stream().map(p -> UsagePullJob.instanceId(p.id(), p.runSeq())).toList());
        Set<UUID> out = new HashSet<>();
        for (PullRow p : running) {
            JobStatus job = jobsOf.get(UsagePullJob.instanceId(p.id(), p.runSeq()));
            if (job == null || job.state() == JobState.FAILED) {
                out.add(p.id());
            }
        }
        return out;
    }

    /** Jobs of the previous pulls that have not started are dropped; running ones stop at their next page. */
    private void cancelPending(Connection c, UUID auditId) throws SQLException {
        for (PullRow p : UsageStore.pullsOfAudit(c, auditId)) {
            if (p.status().inProgress()) {
                jobs.cancel(UsagePullJob.TASK, UsagePullJob.instanceId(p.id(), p.runSeq()));
            }
        }
    }

    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T sql(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            if (isMissingIncident(e)) {
                throw new IllegalArgumentException("the incident does not exist");
            }
            throw new UsageStoreException(e);
        }
    }

    /** SQLSTATE foreign_key_violation. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** The constraints by which an audit (or a choice about one) names its incident. */
    private static final Set<String> INCIDENT_KEYS = Set.of("usage_audit_incident_fk",
            "usage_audit_choice_incident_fk");

    /**
     * Whether the failure is an audit naming an incident that does not exist. Other foreign keys (a pull's rows
     * whose audit was replaced meanwhile, say) are storage failures, not the caller's mistake.
     */
    static boolean isMissingIncident(SQLException e) {
        if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
            return false;
        }
        var server = e instanceof org.postgresql.util.PSQLException p ? p.getServerErrorMessage() : null;
        return server != null && INCIDENT_KEYS.contains(server.getConstraint());
    }

    private <T> T read(SqlWork<T> work) {
        return sql(work);
    }

    /** A database failure of the usage feature; the message names no data. */
    public static final class UsageStoreException extends RuntimeException {
        UsageStoreException(SQLException cause) {
            super("usage audit storage failed (SQLSTATE " + cause.getSQLState() + ")", cause);
        }
    }
}
