package io.leakresponder.usage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The usage feature's SQL. Plain JDBC rather than entities: rows arrive by the million and go in with COPY, and the
 * same code runs in the benchmark outside the application. Every method works on the connection it is given; the
 * caller owns the transaction.
 */
final class UsageStore {

    /** SQLSTATE unique_violation: a COPY met a row stored before (a resumed or repeated page). */
    static final String UNIQUE_VIOLATION = "23505";

    /** The tables of every source's rows. */
    static final List<String> ROW_TABLES = Sources.ALL.stream().map(SourceDescriptor::name).toList();

    private UsageStore() {
    }

    // ---- audits ----

    /** One audit row. */
    record AuditRow(UUID id, UUID incidentId, String accountSid, Instant windowStart, Instant windowEnd,
            String windowReason, Instant effectiveEnd, Instant baselineStart, boolean includeSubaccounts,
            Instant eventsRetentionStart, Instant alertsRetentionStart, int generation, Instant startedAt,
            String startedBy, Instant refreshedAt, Instant reviewedAt, String reviewedBy) {

        AuditWindow window() {
            return new AuditWindow(windowStart, windowEnd, effectiveEnd, baselineStart, eventsRetentionStart,
                    alertsRetentionStart);
        }
    }

    private static final String AUDIT_COLUMNS = "id, incident_id, account_sid, window_start, window_end, "
            + "window_reason, effective_end, baseline_start, include_subaccounts, events_retention_start, "
            + "alerts_retention_start, generation, started_at, started_by, refreshed_at, reviewed_at, reviewed_by";

    static Optional<AuditRow> auditOfIncident(Connection c, UUID incidentId, boolean forUpdate) throws SQLException {
        return oneAudit(c, "SELECT " + AUDIT_COLUMNS + " FROM usage_audit WHERE incident_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), incidentId);
    }

    static Optional<AuditRow> audit(Connection c, UUID auditId) throws SQLException {
        return oneAudit(c, "SELECT " + AUDIT_COLUMNS + " FROM usage_audit WHERE id = ?", auditId);
    }

    private static Optional<AuditRow> oneAudit(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AuditRow(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
                        r.getString(3), instant(r, 4), instant(r, 5), r.getString(6), instant(r, 7), instant(r, 8),
                        r.getBoolean(9), instant(r, 10), instant(r, 11), r.getInt(12), instant(r, 13),
                        r.getString(14), instant(r, 15), instant(r, 16), r.getString(17)));
            }
        }
    }

    static void insertAudit(Connection c, AuditRow a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_audit (" + AUDIT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, a.id(), a.incidentId(), a.accountSid(), a.windowStart(), a.windowEnd(), a.windowReason(),
                    a.effectiveEnd(), a.baselineStart(), a.includeSubaccounts(), a.eventsRetentionStart(),
                    a.alertsRetentionStart(), a.generation(), a.startedAt(), a.startedBy(), a.refreshedAt(),
                    a.reviewedAt(), a.reviewedBy());
            ps.executeUpdate();
        }
    }

    /** A refresh: new window and ranges, next generation, review discarded. */
    static void refreshAudit(Connection c, AuditRow a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_audit SET account_sid = ?, window_start = ?, "
                + "window_end = ?, window_reason = ?, effective_end = ?, baseline_start = ?, include_subaccounts = ?, "
                + "events_retention_start = ?, alerts_retention_start = ?, generation = ?, refreshed_at = ?, "
                + "reviewed_at = NULL, reviewed_by = NULL WHERE id = ?")) {
            bind(ps, a.accountSid(), a.windowStart(), a.windowEnd(), a.windowReason(), a.effectiveEnd(),
                    a.baselineStart(), a.includeSubaccounts(), a.eventsRetentionStart(), a.alertsRetentionStart(),
                    a.generation(), a.refreshedAt(), a.id());
            ps.executeUpdate();
        }
    }

    /** Deletes the pulls and every row of an audit, before it is pulled again. */
    static void clearAudit(Connection c, UUID auditId) throws SQLException {
        for (String table : ROW_TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE audit_id = ?")) {
                ps.setObject(1, auditId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM usage_pull WHERE audit_id = ?")) {
            ps.setObject(1, auditId);
            ps.executeUpdate();
        }
    }

    static boolean markReviewed(Connection c, UUID auditId, String actor, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE usage_audit SET reviewed_at = ?, reviewed_by = ? WHERE id = ? AND reviewed_at IS NULL")) {
            bind(ps, at, actor, auditId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Adds an account the audit covers, unless it is there already. */
    static void insertAccount(Connection c, UUID auditId, Rows.AccountRow a) throws SQLException {
        insertIgnoringDuplicates(c, auditId, Sources.SUBACCOUNTS, List.of(a));
    }

    static List<Rows.AccountRow> accounts(Connection c, UUID auditId) throws SQLException {
        List<Rows.AccountRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account_sid, main, friendly_name, status, "
                + "owner_account_sid, date_created FROM usage_account WHERE audit_id = ? ORDER BY main DESC, "
                + "account_sid")) {
            ps.setObject(1, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new Rows.AccountRow(r.getString(1), r.getBoolean(2), r.getString(3), r.getString(4),
                            r.getString(5), instant(r, 6)));
                }
            }
        }
        return out;
    }

    // ---- pulls ----

    /** One pull row. */
    record PullRow(UUID id, UUID auditId, UsageSource source, String accountSid, UsagePeriod period,
            Instant rangeStart, Instant rangeEnd, PullStatus status, int runSeq, String cursorUrl, int pages,
            long rowsRead, long rowsStored, long rowsOutside, int rateLimited, int rateLimitedStreak,
            Instant nextAttemptAt, Integer httpStatus, Integer twilioCode, String detail, Instant startedAt,
            Instant updatedAt, Instant finishedAt) {
    }

    private static final String PULL_COLUMNS = "id, audit_id, source, account_sid, period, range_start, range_end, "
            + "status, run_seq, cursor_url, pages, rows_read, rows_stored, rows_outside, rate_limited, "
            + "rate_limited_streak, next_attempt_at, http_status, twilio_code, detail, started_at, updated_at, "
            + "finished_at";

    static void insertPull(Connection c, PullRow p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_pull (" + PULL_COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, p.id(), p.auditId(), p.source(), p.accountSid(), p.period(), p.rangeStart(), p.rangeEnd(),
                    p.status(), p.runSeq(), p.cursorUrl(), p.pages(), p.rowsRead(), p.rowsStored(), p.rowsOutside(),
                    p.rateLimited(), p.rateLimitedStreak(), p.nextAttemptAt(), p.httpStatus(), p.twilioCode(),
                    p.detail(), p.startedAt(), p.updatedAt(), p.finishedAt());
            ps.executeUpdate();
        }
    }

    static Optional<PullRow> pull(Connection c, UUID pullId) throws SQLException {
        List<PullRow> found = pulls(c, "id = ?", pullId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<PullRow> pullsOfAudit(Connection c, UUID auditId) throws SQLException {
        return pulls(c, "audit_id = ?", auditId);
    }

    private static List<PullRow> pulls(Connection c, String where, UUID id) throws SQLException {
        List<PullRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PULL_COLUMNS + " FROM usage_pull WHERE " + where
                + " ORDER BY account_sid, source, period")) {
            ps.setObject(1, id);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new PullRow(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
                            UsageSource.valueOf(r.getString(3)), r.getString(4), UsagePeriod.valueOf(r.getString(5)),
                            instant(r, 6), instant(r, 7), PullStatus.valueOf(r.getString(8)), r.getInt(9),
                            r.getString(10), r.getInt(11), r.getLong(12), r.getLong(13), r.getLong(14), r.getInt(15),
                            r.getInt(16), instant(r, 17), integer(r, 18), integer(r, 19), r.getString(20),
                            instant(r, 21), instant(r, 22), instant(r, 23)));
                }
            }
        }
        return out;
    }

    /** A run begins: RUNNING unless the run is stale or the pull already finished. */
    static boolean markRunning(Connection c, UUID pullId, int runSeq, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_pull SET status = 'RUNNING', "
                + "started_at = coalesce(started_at, ?), updated_at = ?, next_attempt_at = NULL WHERE id = ? "
                + "AND run_seq = ? AND status IN ('PENDING', 'RUNNING', 'RATE_LIMITED')")) {
            bind(ps, now, now, pullId, runSeq);
            return ps.executeUpdate() == 1;
        }
    }

    /** Ends a pull with a final status (DONE, FAILED, NO_ACCESS, NO_CREDENTIAL); false for a stale run. */
    static boolean finish(Connection c, UUID pullId, int runSeq, PullStatus status, Integer httpStatus,
            Integer code, String detail, Instant now) throws SQLException {
        if (status.inProgress()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_pull SET status = ?, http_status = ?, "
                + "twilio_code = ?, detail = ?, updated_at = ?, finished_at = ?, next_attempt_at = NULL "
                + "WHERE id = ? AND run_seq = ?")) {
            bind(ps, status, httpStatus, code, detail, now, now, pullId, runSeq);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Moves a pull to a new run due at {@code at} (a 429 storm, a node shutting down): status RATE_LIMITED or
     * PENDING, run_seq + 1. Returns the new run_seq, or -1 for a stale run.
     */
    static int reschedule(Connection c, UUID pullId, int runSeq, PullStatus status, boolean rateLimited,
            int rateLimitedAnswers, Integer httpStatus, Integer code, String detail, Instant at,
            Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_pull SET status = ?, run_seq = run_seq + 1, "
                + "rate_limited = rate_limited + ?, rate_limited_streak = rate_limited_streak + ?, "
                + "next_attempt_at = ?, http_status = ?, twilio_code = ?, detail = ?, updated_at = ? "
                + "WHERE id = ? AND run_seq = ? RETURNING run_seq")) {
            bind(ps, status, rateLimitedAnswers, rateLimited ? 1 : 0, at, httpStatus, code, detail, now, pullId,
                    runSeq);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getInt(1) : -1;
            }
        }
    }

    /** Records why a run failed while the pull goes on (its job is retried): the report shows it meanwhile. */
    static void note(Connection c, UUID pullId, int runSeq, Integer httpStatus, Integer code, String detail,
            Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_pull SET http_status = ?, twilio_code = ?, "
                + "detail = ?, updated_at = ? WHERE id = ? AND run_seq = ?")) {
            bind(ps, httpStatus, code, detail, now, pullId, runSeq);
            ps.executeUpdate();
        }
    }

    /** Counts 429 answers that a run absorbed in place, so the report shows them even when the run went on. */
    static void addRateLimited(Connection c, UUID pullId, int runSeq, int answers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE usage_pull SET rate_limited = rate_limited + ? WHERE id = ? AND run_seq = ?")) {
            bind(ps, answers, pullId, runSeq);
            ps.executeUpdate();
        }
    }

    /**
     * Stores a batch of pages and moves the cursor, if the pull's cursor still is {@code batch.fromUrl()} and the
     * run is current. With {@code copy} the rows go in with COPY and a row stored before raises {@link
     * #UNIQUE_VIOLATION} (the caller rolls back and calls again without copy); without it, duplicates are skipped
     * with ON CONFLICT DO NOTHING.
     *
     * @return rows stored, or -1 when the cursor moved or the run is stale (the caller rolls back)
     */
    static <W> long storeBatch(Connection c, UUID auditId, UUID pullId, int runSeq, Rows.Table<W> table,
            PagePuller.Batch<W> batch, boolean copy, Instant now) throws SQLException {
        long stored;
        if (copy) {
            List<InputStream> parts = new ArrayList<>();
            for (PagePuller.PreparedPage<W> page : batch.pages()) {
                parts.add(new ByteArrayInputStream(page.copy()));
            }
            stored = copyIn(c, table, new SequenceInputStream(Collections.enumeration(parts)));
        } else {
            stored = insertIgnoringDuplicates(c, auditId, table, batch.rows());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_pull SET cursor_url = ?, "
                + "pages = pages + ?, rows_read = rows_read + ?, rows_stored = rows_stored + ?, "
                + "rows_outside = rows_outside + ?, rate_limited_streak = 0, status = 'RUNNING', updated_at = ? "
                + "WHERE id = ? AND run_seq = ? AND cursor_url IS NOT DISTINCT FROM ? AND status = 'RUNNING'")) {
            bind(ps, batch.nextUrl(), batch.pages().size(), batch.read(), stored, batch.outside(), now, pullId,
                    runSeq);
            ps.setString(9, batch.fromUrl()); // typed: an untyped NULL has no type in IS NOT DISTINCT FROM
            if (ps.executeUpdate() != 1) {
                return -1;
            }
        }
        return stored;
    }

    /** Whether the connection can COPY (PostgreSQL's driver underneath the pool). */
    static boolean canCopy(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class);
        } catch (SQLException e) {
            return false;
        }
    }

    static <W> long copyIn(Connection c, Rows.Table<W> table, InputStream csv) throws SQLException {
        String sql = "COPY " + table.name() + " (audit_id, " + String.join(", ", table.columns())
                + ") FROM STDIN (FORMAT csv)";
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, csv);
        } catch (IOException e) {
            throw new SQLException("COPY into " + table.name() + " failed reading its input", e);
        }
    }

    /** Batch INSERT ... ON CONFLICT DO NOTHING; returns the rows actually inserted. */
    static <W> long insertIgnoringDuplicates(Connection c, UUID auditId, Rows.Table<W> table, List<W> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        int n = table.columns().size();
        String sql = "INSERT INTO " + table.name() + " (audit_id, " + String.join(", ", table.columns())
                + ") VALUES (?" + ", ?".repeat(n) + ") ON CONFLICT DO NOTHING";
        Object[] values = new Object[n];
        long inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (W row : rows) {
                table.values(row, values);
                ps.setObject(1, auditId);
                for (int i = 0; i < n; i++) {
                    set(ps, i + 2, values[i]);
                }
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                // SUCCESS_NO_INFO would hide duplicates; PostgreSQL's driver reports real counts without rewriting.
                inserted += count == Statement.SUCCESS_NO_INFO ? 1 : count;
            }
        }
        return inserted;
    }

    // ---- helpers ----

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            set(ps, i + 1, values[i]);
        }
    }

    static void set(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant t) {
            ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (value instanceof LocalDate d) {
            ps.setObject(index, d);
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else {
            ps.setObject(index, value);
        }
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Integer integer(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }
}
