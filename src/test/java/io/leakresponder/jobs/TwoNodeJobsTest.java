package io.leakresponder.jobs;

import static io.leakresponder.jobs.JobsTestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.jobs.TestJobs.Ping;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two engines (nodes) sharing one database, as in a cluster. */
class TwoNodeJobsTest extends JobsDatabaseTest {

    @Test
    void everyJobRunsExactlyOnceAcrossTwoNodes() throws Exception {
        Map<String, AtomicInteger> runsPerJob = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runsPerNode = new ConcurrentHashMap<>();
        JobEngine nodeA = engines.start("node-a", dataSource, counting("node-a", runsPerJob, runsPerNode));
        JobEngine nodeB = engines.start("node-b", dataSource, counting("node-b", runsPerJob, runsPerNode));

        Instant now = Instant.now();
        for (int i = 0; i < 200; i++) {
            // Alternate the scheduling node too: any node may enqueue, any node may run.
            (i % 2 == 0 ? nodeA : nodeB).schedule("count", "job-" + i, new Ping("ref-" + i, i), now);
        }

        await(
                "all 200 jobs ran and were removed",
                TIMEOUT,
                () -> runsPerJob.size() == 200 && nodeA.list(JobFilter.all()).isEmpty());
        // Stopped first so a late duplicate run could not slip past the assertion.
        engines.close();
        assertThat(runsPerJob).hasSize(200);
        assertThat(runsPerJob.values()).allSatisfy(runs -> assertThat(runs).hasValue(1));
        assertThat(runsPerNode.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(200);
    }

    @Test
    void aJobCutOffByACrashedNodeRunsAgainOnTheOther() throws Exception {
        CountDownLatch enteredOnA = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        List<JobContext> runsOnB = new CopyOnWriteArrayList<>();
        KillableDataSource connectionOfA = new KillableDataSource(dataSource);
        JobEngine nodeA = engines.start(
                "node-a",
                connectionOfA,
                TestJobs.handler(
                        "slow",
                        Ping.class,
                        RetryPolicy.DEFAULT,
                        (p, ctx) -> {
                            enteredOnA.countDown();
                            // Stands for a node that froze or died mid-job: it never finishes in time.
                            releaseA.await(60, TimeUnit.SECONDS);
                        }));

        nodeA.schedule("slow", "cred-1", new Ping("credential:1", 1), Instant.now());
        assertThat(enteredOnA.await(30, TimeUnit.SECONDS)).isTrue();
        JobStatus running = nodeA.find("slow", "cred-1").orElseThrow();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.pickedBy()).isEqualTo("node-a");

        // Kill A: from now on it cannot heartbeat, complete or poll, like a crashed process.
        connectionOfA.kill();
        JobEngine nodeB = engines.start(
                "node-b",
                dataSource,
                TestJobs.handler(
                        "slow", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> runsOnB.add(ctx)));

        await("B ran the dead job", TIMEOUT, () -> !runsOnB.isEmpty());
        await("B completed it", TIMEOUT, () -> nodeB.find("slow", "cred-1").isEmpty());
        assertThat(runsOnB)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.attempt()).as("the lost run counts").isEqualTo(2));
        releaseA.countDown();
    }

    private static JobHandler<Ping> counting(
            String node, Map<String, AtomicInteger> perJob, Map<String, AtomicInteger> perNode) {
        return TestJobs.handler(
                "count",
                Ping.class,
                RetryPolicy.DEFAULT,
                (p, ctx) -> {
                    perJob.computeIfAbsent(ctx.instanceId(), id -> new AtomicInteger()).incrementAndGet();
                    perNode.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(5); // long enough for both nodes to be busy at once
                });
    }

    /** A DataSource that stops handing out connections, as if its node had died. */
    private static final class KillableDataSource implements DataSource {
        private final DataSource delegate;
        private volatile boolean killed;

        KillableDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        void kill() {
            killed = true;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (killed) {
                throw new SQLException("node killed by test");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            if (killed) {
                throw new SQLException("node killed by test");
            }
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
