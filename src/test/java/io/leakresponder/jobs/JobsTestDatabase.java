package io.leakresponder.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.function.BooleanSupplier;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.leakresponder.testsupport.TestDatabase;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL the job tests run against, in a database of their own: on the tests' server ({@link
 * TestDatabase}: the embedded one, or the server TEST_JDBC_URL names).
 */
final class JobsTestDatabase {

    static final String NAME = "leak_responder_jobs_test";
    static final String USER = TestDatabase.user();
    static final String PASSWORD = TestDatabase.password();

    private JobsTestDatabase() {
    }

    /**
     * A pool like the app's Agroal default datasource. db-scheduler opens a connection per
     * statement; unpooled, connection set-up would dominate the cluster tests.
     */
    static AgroalDataSource pool() throws SQLException {
        return AgroalDataSource.from(
                new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(
                                pool -> pool.maxSize(20)
                                        .connectionFactoryConfiguration(
                                                factory -> factory
                                                        .jdbcUrl(TestDatabase.jdbcUrl(NAME))
                                                        .principal(new NamePrincipal(USER))
                                                        .credential(new SimplePassword(PASSWORD)))));
    }

    /** Creates the database if missing, then rebuilds the schema from the migrations. */
    static DataSource freshSchema() throws SQLException {
        createDatabaseIfMissing();
        DataSource dataSource = dataSource(NAME);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load();
        flyway.clean();
        flyway.migrate();
        return dataSource;
    }

    static void deleteAllJobs(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM scheduled_tasks");
        }
    }

    static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestDatabase.jdbcUrl(database));
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Polls until the condition holds; fails after the timeout instead of asserting on timing. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    private static void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = dataSource("postgres").getConnection()) {
            try (PreparedStatement exists = connection
                    .prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, NAME);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + NAME);
            } catch (SQLException e) {
                // Another test JVM may have created it in between.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
