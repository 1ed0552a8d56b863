package io.leakresponder.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Handlers and engines for the job tests, tuned so polling and dead-detection take moments. */
final class TestJobs {

    /** Payload of the test jobs: a reference, as real payloads carry. */
    record Ping(String credentialRef, int number) {
    }

    interface Body<T> {
        void run(T payload, JobContext context) throws Exception;
    }

    private TestJobs() {
    }

    static <T> JobHandler<T> handler(String name, Class<T> type, RetryPolicy policy, Body<T> body) {
        JobType<T> jobType = new JobType<>(name, type);
        return new JobHandler<>() {
            @Override
            public JobType<T> type() {
                return jobType;
            }

            @Override
            public void run(T payload, JobContext context) throws Exception {
                body.run(payload, context);
            }

            @Override
            public RetryPolicy retryPolicy() {
                return policy;
            }
        };
    }

    static RecurringJob recurring(String name, Duration delay, Body<Void> body) {
        return new RecurringJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration fixedDelay() {
                return delay;
            }

            @Override
            public void run() throws Exception {
                body.run(null, null);
            }
        };
    }

    static JobEngineOptions options(String schedulerName) {
        return new JobEngineOptions(
                schedulerName,
                4,
                Duration.ofMillis(100),
                Duration.ofMillis(500), // dead after 4 x 500 ms
                4,
                Duration.ofSeconds(5));
    }

    /** Engines started by a test, stopped after it. */
    static final class Engines implements AutoCloseable {
        private final List<JobEngine> engines = new ArrayList<>();

        JobEngine start(
                String name, DataSource dataSource, List<JobHandler<?>> handlers, List<RecurringJob> jobs) {
            JobEngine engine = new JobEngine(dataSource, options(name), handlers, jobs);
            engines.add(engine);
            engine.start();
            return engine;
        }

        JobEngine start(String name, DataSource dataSource, JobHandler<?>... handlers) {
            return start(name, dataSource, List.of(handlers), List.of());
        }

        @Override
        public void close() {
            engines.forEach(JobEngine::stop);
            engines.clear();
        }
    }
}
