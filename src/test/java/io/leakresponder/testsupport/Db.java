package io.leakresponder.testsupport;

import io.agroal.api.AgroalDataSource;
import static org.awaitility.Awaitility.await;

import io.quarkus.arc.Arc;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/** Direct database access for tests: reset data, dump every table as text. */
public final class Db {

    /** One-time jobs that read and write the application's tables: a reset waits for running ones and drops the rest. */
    private static final String ONE_TIME_JOBS = "('liveness-check', 'notify-fanout', 'notify-deliver')";

    private Db() {
    }

    private static Connection connection() throws SQLException {
        return Arc.container().instance(AgroalDataSource.class).get().getConnection();
    }

    /**
     * Lets running one-time jobs of the given tasks ({@code ('a', 'b')}) end, since the scheduler owns their rows, then
     * drops the ones still waiting. A job still running after 20 s is left to the scheduler, as before.
     */
    public static void drainJobs(String taskNames) {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> count(
                    "SELECT count(*) FROM scheduled_tasks WHERE task_name IN " + taskNames + " AND picked") == 0);
        } catch (ConditionTimeoutException e) {
            // A stuck job must not block every later test's reset: its pending siblings are dropped all the same.
        }
        exec("DELETE FROM scheduled_tasks WHERE task_name IN " + taskNames + " AND NOT picked");
    }

    /** Empties the application's tables (not the schema history). */
    public static void reset() {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    + "AND tablename <> 'flyway_schema_history'")) {
                while (r.next()) {
                    tables.add('"' + r.getString(1) + '"');
                }
            }
            drainJobs(ONE_TIME_JOBS);
            // Recurring jobs keep their row: the running scheduler owns it.
            String truncate = "TRUNCATE TABLE " + String.join(", ", tables.stream()
                    .filter(t -> !t.equals("\"scheduled_tasks\"")).toList()) + " CASCADE";
            // A recurring job (SLA scan, re-checks) may hold a row lock the TRUNCATE waits for while it waits for one
            // of the TRUNCATE's tables: PostgreSQL breaks that deadlock by failing one side. When that side is the
            // reset, it is run again; the job's side is retried by the job engine.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    s.execute(truncate);
                    return true;
                } catch (SQLException e) {
                    if (DEADLOCK.equals(e.getSQLState())) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL's SQLSTATE for a transaction chosen as a deadlock's victim. */
    private static final String DEADLOCK = "40P01";

    public static void exec(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text. */
    public static String string(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of every table in the public schema, as PostgreSQL's text form (bytea as hex and as escape). */
    public static String dumpAllTables() {
        StringBuilder out = new StringBuilder();
        try (Connection c = connection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                out.append("== ").append(table).append('\n');
                try (ResultSet r = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (r.next()) {
                        out.append(r.getString(1)).append('\n');
                    }
                }
                // bytea also in escape form, so that plaintext stored in a bytea column would be readable here.
                try (ResultSet r = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE "
                        + "table_schema = current_schema() AND table_name = '" + table + "' AND data_type = 'bytea'")) {
                    List<String> cols = new ArrayList<>();
                    while (r.next()) {
                        cols.add(r.getString(1));
                    }
                    for (String col : cols) {
                        try (Statement s2 = c.createStatement();
                                ResultSet r2 = s2.executeQuery(
                                        "SELECT " + col + " FROM \"" + table + "\" WHERE " + col + " IS NOT NULL")) {
                            while (r2.next()) {
                                out.append(new String(r2.getBytes(1), StandardCharsets.ISO_8859_1)).append('\n');
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
