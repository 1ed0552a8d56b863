package io.leakresponder.jobs;

import io.agroal.api.AgroalDataSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Lifecycle shared by the job tests: a fresh schema per class, no jobs per test, engines stopped after it. */
abstract class JobsDatabaseTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static AgroalDataSource dataSource;
    final TestJobs.Engines engines = new TestJobs.Engines();

    @BeforeAll
    static void schema() throws Exception {
        JobsTestDatabase.freshSchema();
        dataSource = JobsTestDatabase.pool();
    }

    @AfterAll
    static void closePool() {
        dataSource.close();
    }

    @BeforeEach
    void noJobs() throws Exception {
        JobsTestDatabase.deleteAllJobs(dataSource);
    }

    @AfterEach
    void stopEngines() {
        engines.close();
    }
}
