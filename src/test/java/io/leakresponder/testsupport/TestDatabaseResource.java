package io.leakresponder.testsupport;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points every @QuarkusTest at {@link TestDatabase}: embedded PostgreSQL unless TEST_JDBC_URL is set. Whatever
 * the environment says about the application's own datasource (QUARKUS_DATASOURCE_JDBC_URL), the tests, which
 * empty their database at start, never touch it.
 */
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(TestDatabase.APP_DATABASE),
                "quarkus.datasource.username", TestDatabase.user(),
                "quarkus.datasource.password", TestDatabase.password());
    }

    @Override
    public void stop() {
        // The server outlives one Quarkus start: the next test profile reuses it; the JVM's end stops it.
    }
}
