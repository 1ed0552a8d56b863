package io.leakresponder.jobs;

import static io.leakresponder.jobs.JobsTestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.jobs.TestJobs.Ping;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobEngineTest extends JobsDatabaseTest {

    /** A run as a handler saw it. */
    record Run(Ping payload, String taskName, String instanceId, int attempt, Instant started) {
        static Run of(Ping payload, JobContext ctx) {
            return new Run(payload, ctx.taskName(), ctx.instanceId(), ctx.attempt(), Instant.now());
        }
    }

    @Test
    void runsAJobOnceWithItsPayloadAndRemovesIt() throws Exception {
        List<Run> runs = new CopyOnWriteArrayList<>();
        JobEngine engine = engines.start(
                "node-a",
                dataSource,
                TestJobs.handler(
                        "ping",
                        Ping.class,
                        RetryPolicy.DEFAULT,
                        (p, ctx) -> runs.add(Run.of(p, ctx))));

        assertThat(engine.schedule("ping", "cred-1", new Ping("credential:42", 7), Instant.now()))
                .isTrue();

        await("job ran and was removed", TIMEOUT, () -> engine.find("ping", "cred-1").isEmpty());
        assertThat(runs)
                .singleElement()
                .satisfies(
                        run -> {
                            assertThat(run.payload()).isEqualTo(new Ping("credential:42", 7));
                            assertThat(run.taskName()).isEqualTo("ping");
                            assertThat(run.instanceId()).isEqualTo("cred-1");
                            assertThat(run.attempt()).isEqualTo(1);
                        });
    }

    @Test
    void storesPayloadAsJsonAndKeepsItOutOfListings() throws Exception {
        JobEngine engine = new JobEngine(
                dataSource,
                TestJobs.options("not-started"),
                List.of(TestJobs.handler("ping", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> {
                })),
                List.of());
        Instant later = Instant.now().plus(Duration.ofHours(1));

        engine.schedule("ping", "cred-1", new Ping("credential:42", 7), later);

        assertThat(storedPayload("ping", "cred-1"))
                .isEqualTo("{\"credentialRef\":\"credential:42\",\"number\":7}");
        assertThat(engine.list(JobFilter.all()))
                .singleElement()
                .satisfies(
                        status -> {
                            assertThat(status.taskName()).isEqualTo("ping");
                            assertThat(status.instanceId()).isEqualTo("cred-1");
                            assertThat(status.state()).isEqualTo(JobState.SCHEDULED);
                            assertThat(status.picked()).isFalse();
                            assertThat(status.consecutiveFailures()).isZero();
                            assertThat(status.toString()).doesNotContain("credential:42");
                        });
    }

    @Test
    void schedulingAnExistingIdKeepsTheFirstJob() throws Exception {
        List<Ping> seen = new CopyOnWriteArrayList<>();
        JobHandler<Ping> handler = TestJobs.handler("ping", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> seen.add(p));
        JobEngine notStarted = new JobEngine(dataSource, TestJobs.options("client"), List.of(handler), List.of());
        Instant later = Instant.now().plus(Duration.ofHours(1));

        assertThat(notStarted.schedule("ping", "cred-1", new Ping("first", 1), later)).isTrue();
        assertThat(notStarted.schedule("ping", "cred-1", new Ping("second", 2), Instant.now()))
                .isFalse();

        assertThat(notStarted.list(JobFilter.all().withTaskName("ping")))
                .singleElement()
                .satisfies(s -> assertThat(s.executionTime()).isAfter(Instant.now().plusSeconds(3000)));
        assertThat(storedPayload("ping", "cred-1")).contains("first");

        // Replacing moves the job to now with the new payload; it then runs exactly once.
        assertThat(notStarted.scheduleOrReplace("ping", "cred-1", new Ping("third", 3), Instant.now()))
                .isTrue();
        JobEngine engine = engines.start("node-a", dataSource, handler);
        await("replaced job ran", TIMEOUT, () -> engine.find("ping", "cred-1").isEmpty());
        assertThat(seen).containsExactly(new Ping("third", 3));
    }

    @Test
    void retriesWithGrowingBackoffThenSucceeds() throws Exception {
        List<Run> runs = new CopyOnWriteArrayList<>();
        List<Instant> failedAt = new CopyOnWriteArrayList<>();
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(300), Duration.ofSeconds(5));
        JobEngine engine = engines.start(
                "node-a",
                dataSource,
                TestJobs.handler(
                        "flaky",
                        Ping.class,
                        policy,
                        (p, ctx) -> {
                            runs.add(Run.of(p, ctx));
                            if (ctx.attempt() < 3) {
                                failedAt.add(Instant.now());
                                throw new IOException("Twilio timed out");
                            }
                        }));

        engine.schedule("flaky", "cred-1", new Ping("credential:1", 1), Instant.now());

        await("third attempt succeeded", TIMEOUT, () -> engine.find("flaky", "cred-1").isEmpty());
        assertThat(runs).extracting(Run::attempt).containsExactly(1, 2, 3);
        assertThat(runs).extracting(Run::payload).containsOnly(new Ping("credential:1", 1));
        // The next attempt is never due before failure time + backoff (300 ms, then 600 ms); lower
        // bounds only, so a slow machine cannot make this fail.
        assertThat(Duration.between(failedAt.get(0), runs.get(1).started()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(failedAt.get(1), runs.get(2).started()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void keepsAJobThatFailedEveryAttemptVisibleAsFailedUntilRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean healthy = new AtomicBoolean(false);
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100));
        JobEngine engine = engines.start(
                "node-a",
                dataSource,
                TestJobs.handler(
                        "doomed",
                        Ping.class,
                        policy,
                        (p, ctx) -> {
                            calls.incrementAndGet();
                            if (!healthy.get()) {
                                throw new IllegalStateException("upstream down");
                            }
                        }));

        engine.schedule("doomed", "cred-1", new Ping("credential:1", 1), Instant.now());

        await(
                "job marked failed",
                TIMEOUT,
                () -> engine
                        .find("doomed", "cred-1")
                        .map(s -> s.state() == JobState.FAILED)
                        .orElse(false));
        JobStatus failed = engine.find("doomed", "cred-1").orElseThrow();
        assertThat(calls).hasValue(3);
        assertThat(failed.consecutiveFailures()).isEqualTo(3);
        assertThat(failed.executionTime()).isNull();
        assertThat(failed.lastFailure()).isNotNull();
        assertThat(failed.picked()).isFalse();
        assertThat(engine.list(JobFilter.all().withState(JobState.FAILED)))
                .extracting(JobStatus::instanceId)
                .containsExactly("cred-1");
        assertThat(engine.list(JobFilter.all().withState(JobState.SCHEDULED))).isEmpty();
        // A failed job is never due again by itself, and scheduling its id again does not revive it.
        assertThat(engine.schedule("doomed", "cred-1", new Ping("credential:1", 1), Instant.now()))
                .isFalse();
        // Nothing runs it again by itself: the count holds for half a second.
        Awaitility.await("failed job stays failed")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(calls::get, n -> n == 3);

        healthy.set(true);
        assertThat(engine.retryNow("doomed", "cred-1")).isTrue();
        await("retried job succeeded", TIMEOUT, () -> engine.find("doomed", "cred-1").isEmpty());
        assertThat(calls).hasValue(4);
    }

    @Test
    void cancelsAWaitingJob() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        JobHandler<Ping> handler = TestJobs.handler(
                "ping", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> calls.incrementAndGet());
        JobEngine engine = engines.start("node-a", dataSource, handler);

        engine.schedule("ping", "cred-1", null, Instant.now().plusSeconds(3600));

        assertThat(engine.cancel("ping", "cred-1")).isTrue();
        assertThat(engine.cancel("ping", "cred-1")).isFalse();
        assertThat(engine.find("ping", "cred-1")).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void findsManyJobsOfATaskInOneGo() throws Exception {
        JobHandler<Ping> handler = TestJobs.handler("ping", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> {
        });
        JobEngine notStarted = new JobEngine(dataSource, TestJobs.options("client"), List.of(handler), List.of());
        Instant later = Instant.now().plus(Duration.ofHours(1));
        notStarted.schedule("ping", "a", null, later);
        notStarted.schedule("ping", "b", null, later);

        var found = notStarted.findAll("ping", List.of("a", "b", "gone"));
        assertThat(found).containsOnlyKeys("a", "b");
        assertThat(found.get("a")).isEqualTo(notStarted.find("ping", "a").orElseThrow());
        assertThat(notStarted.findAll("ping", List.of())).isEmpty();
        assertThat(notStarted.findAll("other", List.of("a"))).isEmpty();
    }

    @Test
    void rejectsUnknownTasksAndWrongPayloads() {
        JobEngine engine = new JobEngine(
                dataSource,
                TestJobs.options("client"),
                List.of(TestJobs.handler("ping", Ping.class, RetryPolicy.DEFAULT, (p, ctx) -> {
                })),
                List.of());

        assertThatThrownBy(() -> engine.schedule("nope", "1", null, Instant.now()))
                .isInstanceOf(UnknownTaskException.class);
        assertThatThrownBy(() -> engine.schedule("ping", "1", "not a ping", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Ping.class.getName());
        assertThatThrownBy(() -> engine.schedule("ping", " ", null, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDuplicateTaskNames() {
        JobHandler<Ping> one = TestJobs.handler("same", Ping.class, RetryPolicy.DEFAULT, (p, c) -> {
        });
        RecurringJob two = TestJobs.recurring("same", Duration.ofSeconds(1), (p, c) -> {
        });

        assertThatThrownBy(
                () -> new JobEngine(dataSource, TestJobs.options("x"), List.of(one), List.of(two)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same");
    }

    private static String storedPayload(String task, String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT convert_from(task_data, 'UTF8') FROM scheduled_tasks"
                                + " WHERE task_name = ? AND task_instance = ?")) {
            statement.setString(1, task);
            statement.setString(2, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }
}
