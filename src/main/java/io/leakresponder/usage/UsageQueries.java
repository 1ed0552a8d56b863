package io.leakresponder.usage;

import io.leakresponder.usage.UsageAnalysis.AccountFact;
import io.leakresponder.usage.UsageAnalysis.AlertHour;
import io.leakresponder.usage.UsageAnalysis.CountryFact;
import io.leakresponder.usage.UsageAnalysis.EventGroup;
import io.leakresponder.usage.UsageAnalysis.HeadFact;
import io.leakresponder.usage.UsageAnalysis.SpendFact;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Aggregations behind the report (the database counts, Java judges), example rows for signal links, and the CSV
 * exports, which stream through a server-side cursor so a million rows never sit in memory.
 */
final class UsageQueries {

    /** Rows fetched per round trip while exporting. */
    static final int FETCH_SIZE = 1000;

    private UsageQueries() {
    }

    // ---- facts ----

    static List<SpendFact> spend(Connection c, UUID auditId) throws SQLException {
        List<SpendFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT category, max(price_unit), "
                + "coalesce(sum(price) FILTER (WHERE period = 'WINDOW'), 0), "
                + "coalesce(sum(price) FILTER (WHERE period = 'BASELINE'), 0) "
                + "FROM usage_record_row WHERE audit_id = ? GROUP BY category ORDER BY category")) {
            ps.setObject(1, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new SpendFact(r.getString(1), r.getString(2), r.getBigDecimal(3), r.getBigDecimal(4)));
                }
            }
        }
        return out;
    }

    /** Outbound rows per destination country ({@code ZZ} for unknown). */
    /** {@code totalprice} per UTC day (summed over accounts), as Twilio reports it, oldest first. */
    static List<DaySpendFact> dailyTotal(Connection c, UUID auditId) throws SQLException {
        List<DaySpendFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT start_date, max(price_unit), coalesce(sum(price), 0) "
                + "FROM usage_record_row WHERE audit_id = ? AND lower(category) = ? GROUP BY start_date "
                + "ORDER BY start_date")) {
            ps.setObject(1, auditId);
            ps.setString(2, UsageAnalysis.TOTAL_PRICE);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new DaySpendFact(r.getObject(1, LocalDate.class), r.getString(2), r.getBigDecimal(3)));
                }
            }
        }
        return out;
    }

    /** Spend of one day as stored. */
    record DaySpendFact(LocalDate day, String currency, BigDecimal price) {
    }

    static List<CountryFact> countries(Connection c, UUID auditId, UsageSource source) throws SQLException {
        List<CountryFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(to_country, 'ZZ'), "
                + "count(*) FILTER (WHERE period = 'WINDOW'), count(*) FILTER (WHERE period = 'BASELINE'), "
                + "coalesce(sum(price) FILTER (WHERE period = 'WINDOW'), 0) FROM " + table(source)
                + " WHERE audit_id = ? AND direction LIKE 'outbound%' GROUP BY 1 ORDER BY 2 DESC, 1")) {
            ps.setObject(1, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new CountryFact(r.getString(1), r.getLong(2), r.getLong(3), r.getBigDecimal(4)));
                }
            }
        }
        return out;
    }

    /** Outbound rows per first {@code length} characters of the destination number. */
    static List<HeadFact> heads(Connection c, UUID auditId, UsageSource source, int length) throws SQLException {
        List<HeadFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT left(to_number, ?), "
                + "count(*) FILTER (WHERE period = 'WINDOW'), count(*) FILTER (WHERE period = 'BASELINE') FROM "
                + table(source) + " WHERE audit_id = ? AND direction LIKE 'outbound%' AND to_number LIKE '+%' "
                + "GROUP BY 1")) {
            ps.setInt(1, length);
            ps.setObject(2, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new HeadFact(r.getString(1), r.getLong(2), r.getLong(3)));
                }
            }
        }
        return out;
    }

    static List<EventGroup> events(Connection c, UUID auditId) throws SQLException {
        List<EventGroup> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT event_type, source_ip, source, "
                + "coalesce(changed_fields ILIKE '%url%', false), count(*), min(event_date), max(event_date) "
                + "FROM usage_monitor_event WHERE audit_id = ? GROUP BY 1, 2, 3, 4")) {
            ps.setObject(1, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new EventGroup(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4),
                            r.getLong(5), UsageStore.instant(r, 6), UsageStore.instant(r, 7)));
                }
            }
        }
        return out;
    }

    /** Error alerts per code and hour. */
    static List<AlertHour> alertHours(Connection c, UUID auditId) throws SQLException {
        List<AlertHour> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(error_code, '?'), "
                + "date_trunc('hour', date_generated), count(*) FROM usage_alert WHERE audit_id = ? "
                + "AND lower(log_level) = 'error' AND date_generated IS NOT NULL GROUP BY 1, 2")) {
            ps.setObject(1, auditId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new AlertHour(r.getString(1), UsageStore.instant(r, 2), r.getLong(3)));
                }
            }
        }
        return out;
    }

    static List<AccountFact> subaccounts(Connection c, UUID auditId) throws SQLException {
        List<AccountFact> out = new ArrayList<>();
        for (Rows.AccountRow a : UsageStore.accounts(c, auditId)) {
            if (!a.main()) {
                out.add(new AccountFact(a.sid(), a.friendlyName(), a.dateCreated()));
            }
        }
        return out;
    }

    /**
     * Stored rows per table and period, in the order of {@link AuditReport.Counts}: window and baseline of each
     * table with a period, then all rows of the others.
     */
    static long[] counts(Connection c, UUID auditId) throws SQLException {
        List<String> queries = new ArrayList<>();
        for (SourceDescriptor<?, ?> d : List.of(Sources.MESSAGES, Sources.CALLS, Sources.USAGE_RECORDS,
                Sources.EVENTS, Sources.ALERTS)) {
            String all = "SELECT count(*) FROM " + d.name() + " WHERE audit_id = ?";
            if (d.has("period")) {
                queries.add(all + " AND period = 'WINDOW'");
                queries.add(all + " AND period = 'BASELINE'");
            } else {
                queries.add(all);
            }
        }
        long[] n = new long[queries.size()];
        for (int i = 0; i < n.length; i++) {
            try (PreparedStatement ps = c.prepareStatement(queries.get(i))) {
                ps.setObject(1, auditId);
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    n[i] = r.getLong(1);
                }
            }
        }
        return n;
    }

    // ---- filters, samples, exports ----

    /** A WHERE clause and its parameters. */
    record Where(String sql, List<Object> params) {
    }

    /** The rows of {@code source} in the audit that {@code f} selects. */
    static Where where(UsageSource source, UUID auditId, UsageExportFilter f) {
        f.requireApplicableTo(source);
        List<String> terms = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        terms.add("audit_id = ?");
        params.add(auditId);
        add(terms, params, "period = ?", f.period() == null ? null : f.period().name());
        add(terms, params, "account_sid = ?", f.accountSid());
        add(terms, params, "coalesce(to_country, 'ZZ') = ?", f.country());
        // Prefixes are digits only (checked by the filter), so LIKE needs no escaping.
        add(terms, params, "to_number LIKE ?", f.prefix() == null ? null : f.prefix() + "%");
        if (f.direction() != null) {
            if ("outbound".equalsIgnoreCase(f.direction())) {
                terms.add("direction LIKE 'outbound%'");
            } else {
                add(terms, params, "direction = ?", f.direction());
            }
        }
        add(terms, params, "source_ip = ?", f.sourceIp());
        add(terms, params, "lower(event_type) = lower(?)", f.eventType());
        add(terms, params, "error_code = ?", f.errorCode());
        add(terms, params, "category = ?", f.category());
        String time = Sources.descriptor(source).timeColumn();
        add(terms, params, time + " >= ?", f.from());
        add(terms, params, time + " < ?", f.to());
        return new Where(String.join(" AND ", terms), params);
    }

    /** Up to {@code limit} SIDs of the rows a link selects, oldest first; none for usage records (no SIDs). */
    static List<String> sample(Connection c, UUID auditId, UsageSource source, Map<String, String> filter, int limit)
            throws SQLException {
        SourceDescriptor<?, ?> d = Sources.descriptor(source);
        if (d.sidColumn() == null || limit <= 0) {
            return List.of();
        }
        Where w = where(source, auditId, UsageExportFilter.of(filter));
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.sidColumn() + " FROM " + d.name() + " WHERE "
                + w.sql() + " ORDER BY " + d.order() + " LIMIT " + limit)) {
            bindAll(ps, w.params());
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** Rows a link selects. */
    static long count(Connection c, UUID auditId, UsageSource source, Map<String, String> filter)
            throws SQLException {
        Where w = where(source, auditId, UsageExportFilter.of(filter));
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table(source) + " WHERE "
                + w.sql())) {
            bindAll(ps, w.params());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Writes the selected rows as CSV with a header line. Reads through a cursor in a read-only transaction of its
     * own when the connection is not in one. Returns the rows written.
     */
    static long exportCsv(Connection c, UUID auditId, UsageSource source, UsageExportFilter filter, OutputStream out)
            throws SQLException, IOException {
        Where w = where(source, auditId, filter);
        SourceDescriptor<?, ?> d = Sources.descriptor(source);
        List<String> columns = d.columns(); // as the table stores them: no body, no secret exists to write
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + d.name() + " WHERE " + w.sql()
                + " ORDER BY " + d.order();
        boolean own = c.getAutoCommit();
        if (own) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        }
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            bindAll(ps, w.params());
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder line = new StringBuilder(512);
            Object[] values = new Object[columns.size()];
            CsvText.row(line, columns.toArray(), columns.size(), true);
            writer.write(line.toString());
            try (ResultSet r = ps.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(r, meta, i + 1);
                    }
                    line.setLength(0);
                    CsvText.row(line, values, values.length, true);
                    writer.write(line.toString());
                    rows++;
                }
            }
            writer.flush();
        } finally {
            if (own) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return rows;
    }

    private static Object value(ResultSet r, ResultSetMetaData meta, int i) throws SQLException {
        String type = meta.getColumnTypeName(i);
        return switch (type) {
            case "timestamptz" -> {
                OffsetDateTime t = r.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case "date" -> r.getObject(i, LocalDate.class);
            case "numeric" -> r.getBigDecimal(i);
            case "int4", "int8" -> {
                long v = r.getLong(i);
                yield r.wasNull() ? null : (Object) v;
            }
            case "bool" -> {
                boolean v = r.getBoolean(i);
                yield r.wasNull() ? null : (Object) v;
            }
            default -> r.getString(i);
        };
    }

    /** The table of a source's rows. */
    static String table(UsageSource source) {
        return Sources.descriptor(source).name();
    }

    private static void add(List<String> terms, List<Object> params, String term, Object value) {
        if (value != null) {
            terms.add(term);
            params.add(value);
        }
    }

    private static void bindAll(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Instant t) {
                UsageStore.set(ps, i + 1, t);
            } else if (v instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
