package io.leakresponder.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The engine's own SQL on db-scheduler's {@code scheduled_tasks} table, for what the library's
 * client does not do atomically or does not expose.
 *
 * <p>Statements never commit: outside a transaction the connection auto-commits, inside a JTA
 * transaction the job is enqueued together with the caller's data (or not at all).
 */
final class ScheduledTasksTable {

    // Columns written by db-scheduler on insert; "version" guards its optimistic updates.
    private static final String INSERT = "INSERT INTO scheduled_tasks"
            + " (task_name, task_instance, task_data, execution_time, picked, version)"
            + " VALUES (?, ?, ?, ?, false, 1)";

    // ON CONFLICT instead of check-then-insert: no race, and a duplicate does not abort the
    // caller's transaction as a failed INSERT would on PostgreSQL.
    private static final String INSERT_IF_ABSENT = INSERT + " ON CONFLICT (task_name, task_instance) DO NOTHING";

    // A running row is left alone (WHERE picked = false): its node holds it by version number.
    private static final String INSERT_OR_REPLACE = INSERT
            + " ON CONFLICT (task_name, task_instance) DO UPDATE SET"
            + " task_data = excluded.task_data, execution_time = excluded.execution_time,"
            + " consecutive_failures = 0, last_failure = NULL, last_success = NULL,"
            + " last_heartbeat = NULL, picked_by = NULL,"
            + " version = scheduled_tasks.version + 1"
            + " WHERE scheduled_tasks.picked = false";

    private static final String RETRY = "UPDATE scheduled_tasks SET execution_time = ?, consecutive_failures = 0,"
            + " version = version + 1"
            + " WHERE task_name = ? AND task_instance = ? AND picked = false";

    private static final String CANCEL = "DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND picked = false";

    // task_data is never selected: listings must not carry payloads.
    private static final String SELECT_STATUS = "SELECT task_name, task_instance, execution_time, picked, picked_by, last_success,"
            + " last_failure, consecutive_failures, last_heartbeat FROM scheduled_tasks";

    private final DataSource dataSource;
    private final OffsetDateTime failedMarker;

    ScheduledTasksTable(DataSource dataSource, Instant failedMarker) {
        this.dataSource = dataSource;
        this.failedMarker = utc(failedMarker);
    }

    /** Inserts unless (task, id) exists; true if inserted. */
    boolean insertIfAbsent(String task, String id, byte[] data, Instant when) throws SQLException {
        return insert(INSERT_IF_ABSENT, task, id, data, when);
    }

    /** Inserts, or replaces payload and time of a row that is not running; false if running. */
    boolean insertOrReplace(String task, String id, byte[] data, Instant when) throws SQLException {
        return insert(INSERT_OR_REPLACE, task, id, data, when);
    }

    boolean retry(String task, String id, Instant when) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RETRY)) {
            statement.setObject(1, utc(when));
            statement.setString(2, task);
            statement.setString(3, id);
            return statement.executeUpdate() == 1;
        }
    }

    boolean cancel(String task, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CANCEL)) {
            statement.setString(1, task);
            statement.setString(2, id);
            return statement.executeUpdate() == 1;
        }
    }

    Optional<JobStatus> find(String task, String id) throws SQLException {
        String sql = SELECT_STATUS + " WHERE task_name = ? AND task_instance = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, task);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(status(rows)) : Optional.empty();
            }
        }
    }

    /** The jobs of one task with the given instance ids, by instance id, in one query. */
    Map<String, JobStatus> findAll(String task, Collection<String> ids) throws SQLException {
        Map<String, JobStatus> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String sql = SELECT_STATUS + " WHERE task_name = ? AND task_instance = ANY (?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, task);
            statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JobStatus status = status(rows);
                    found.put(status.instanceId(), status);
                }
            }
        }
        return found;
    }

    List<JobStatus> list(JobFilter filter) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (filter.taskName() != null) {
            conditions.add("task_name = ?");
            parameters.add(filter.taskName());
        }
        if (filter.state() != null) {
            switch (filter.state()) {
                case FAILED -> conditions.add("execution_time >= ?");
                case RUNNING -> conditions.add("picked = true AND execution_time < ?");
                case RETRYING ->
                    conditions.add(
                            "picked = false AND coalesce(consecutive_failures, 0) > 0 AND execution_time < ?");
                case SCHEDULED ->
                    conditions.add(
                            "picked = false AND coalesce(consecutive_failures, 0) = 0 AND execution_time < ?");
            }
            parameters.add(failedMarker);
        }
        String sql = SELECT_STATUS
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY execution_time, task_name, task_instance LIMIT ?";
        parameters.add(filter.limit());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<JobStatus> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(status(rows));
                }
            }
            return result;
        }
    }

    private boolean insert(String sql, String task, String id, byte[] data, Instant when)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, task);
            statement.setString(2, id);
            statement.setBytes(3, data);
            statement.setObject(4, utc(when));
            return statement.executeUpdate() == 1;
        }
    }

    private JobStatus status(ResultSet row) throws SQLException {
        OffsetDateTime executionTime = row.getObject("execution_time", OffsetDateTime.class);
        boolean picked = row.getBoolean("picked");
        int failures = row.getInt("consecutive_failures"); // NULL reads as 0, as in db-scheduler
        boolean failed = !executionTime.isBefore(failedMarker);
        JobState state;
        if (failed) {
            state = JobState.FAILED;
        } else if (picked) {
            state = JobState.RUNNING;
        } else if (failures > 0) {
            state = JobState.RETRYING;
        } else {
            state = JobState.SCHEDULED;
        }
        return new JobStatus(
                row.getString("task_name"),
                row.getString("task_instance"),
                state,
                failed ? null : executionTime.toInstant(),
                picked,
                row.getString("picked_by"),
                instant(row, "last_success"),
                instant(row, "last_failure"),
                failures,
                instant(row, "last_heartbeat"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
