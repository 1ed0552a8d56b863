package io.leakresponder.usage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@link PagePuller.Sink} of one pull run: each batch and the cursor after it in one short transaction of its
 * own, on a connection taken from the pool for that batch only. Rows go in with COPY; if a row was stored before
 * (a page read again after a crash, a duplicate run), the transaction is rolled back and the batch inserted again
 * with ON CONFLICT DO NOTHING, so nothing is stored or counted twice. Commits do not wait for the WAL flush (see
 * {@link #asynchronousCommit}).
 *
 * <p>Must run outside any transaction (it commits itself): the job thread of a pull, or the benchmark.
 */
final class PageWriter<W> implements PagePuller.Sink<W> {

    private final DataSource dataSource;
    private final UUID auditId;
    private final UUID pullId;
    private final int runSeq;
    private final Rows.Table<W> table;
    private final Clock clock;
    private int duplicateBatches;

    PageWriter(DataSource dataSource, UUID auditId, UUID pullId, int runSeq, Rows.Table<W> table, Clock clock) {
        this.dataSource = dataSource;
        this.auditId = auditId;
        this.pullId = pullId;
        this.runSeq = runSeq;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public long store(PagePuller.Batch<W> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("pages are stored in transactions of their own, not inside one");
            }
            c.setAutoCommit(false);
            try {
                asynchronousCommit(c);
                boolean copy = UsageStore.canCopy(c);
                long stored;
                try {
                    stored = UsageStore.storeBatch(c, auditId, pullId, runSeq, table, batch, copy, clock.instant());
                } catch (SQLException e) {
                    if (!copy || !UsageStore.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback();
                    duplicateBatches++;
                    asynchronousCommit(c);
                    stored = UsageStore.storeBatch(c, auditId, pullId, runSeq, table, batch, false, clock.instant());
                }
                if (stored < 0) {
                    c.rollback();
                    return -1;
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * This transaction's commit does not wait for the WAL flush. Safe here because rows and cursor are committed
     * together: a crash may lose the last few batches, and then both, so the resumed pull reads those pages again.
     * State changes of a pull (finished, rescheduled) still commit synchronously.
     */
    private static void asynchronousCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }

    /** Batches that met rows stored before and went in through ON CONFLICT DO NOTHING. */
    int duplicateBatches() {
        return duplicateBatches;
    }
}
