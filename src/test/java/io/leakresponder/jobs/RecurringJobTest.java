package io.leakresponder.jobs;

import static io.leakresponder.jobs.JobsTestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecurringJobTest extends JobsDatabaseTest {

    @Test
    void runsRepeatedlyOnOneNodeAtATimeAndSurvivesAFailedRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        TestJobs.Body<Void> body = (ignored, ctx) -> {
            int run = runs.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100); // longer than the delay: an overlapping run would show up here
                if (run == 2) {
                    throw new IllegalStateException("usage API unavailable");
                }
            } finally {
                inFlight.decrementAndGet();
            }
        };
        // Both nodes register the same job, as every node of a cluster does.
        engines.start(
                "node-a",
                dataSource,
                List.of(),
                List.of(TestJobs.recurring("usage-pull", Duration.ofMillis(50), body)));
        JobEngine nodeB = engines.start(
                "node-b",
                dataSource,
                List.of(),
                List.of(TestJobs.recurring("usage-pull", Duration.ofMillis(50), body)));

        await("six runs", TIMEOUT, () -> runs.get() >= 6);
        assertThat(maxInFlight).hasValue(1);
        assertThat(nodeB.list(JobFilter.all().withTaskName("usage-pull")))
                .singleElement()
                .satisfies(s -> assertThat(s.instanceId()).isEqualTo("recurring"));
    }

    @Test
    void aDisabledJobLosesItsPendingRun() throws Exception {
        RecurringJob hourly = TestJobs.recurring("usage-pull", Duration.ofHours(1), (p, c) -> {
        });
        JobEngine first = engines.start("node-a", dataSource, List.of(), List.of(hourly));
        await("row created", TIMEOUT, () -> first.find("usage-pull", "recurring").isPresent());
        engines.close();

        RecurringJob disabled = new RecurringJob() {
            @Override
            public String name() {
                return "usage-pull";
            }

            @Override
            public Duration fixedDelay() {
                return Duration.ofHours(1);
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public void run() {
            }
        };
        JobEngine second = engines.start("node-a", dataSource, List.of(), List.of(disabled));

        await("row removed", TIMEOUT, () -> second.find("usage-pull", "recurring").isEmpty());
    }
}
