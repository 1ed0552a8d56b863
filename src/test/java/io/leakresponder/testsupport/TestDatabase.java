package io.leakresponder.testsupport;

import io.leakresponder.devdb.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL the tests run against: the one {@code TEST_JDBC_URL} names (with {@code TEST_DB_USER} and
 * {@code TEST_DB_PASSWORD}), or else one embedded server per test JVM, its cluster under {@code target/} and thrown
 * away when the JVM ends. The @QuarkusTests and the job-engine tests each use a database of their own on it.
 */
public final class TestDatabase {

    /** The @QuarkusTests' database when embedded; with TEST_JDBC_URL, the database that URL names. */
    public static final String APP_DATABASE = "leak_responder_test";

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/]+)/([^?]+)(\\?.*)?$");

    private TestDatabase() {
    }

    /** Whether TEST_JDBC_URL names an external PostgreSQL. */
    public static boolean external() {
        String url = System.getenv("TEST_JDBC_URL");
        return url != null && !url.isBlank();
    }

    /** JDBC URL of the given database (created if missing when embedded) on the tests' server. */
    public static String jdbcUrl(String database) {
        if (external()) {
            Matcher m = URL.matcher(System.getenv("TEST_JDBC_URL"));
            if (!m.matches()) {
                throw new IllegalStateException("TEST_JDBC_URL must look like jdbc:postgresql://host:port/database");
            }
            return database.equals(APP_DATABASE)
                    ? m.group(0)
                    : "jdbc:postgresql://" + m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
        }
        EmbeddedPostgres server = embedded();
        server.createDatabaseIfMissing(database);
        return server.jdbcUrl(database);
    }

    public static String user() {
        return external() ? System.getenv().getOrDefault("TEST_DB_USER", "leak_responder") : embedded().user();
    }

    public static String password() {
        return external()
                ? System.getenv().getOrDefault("TEST_DB_PASSWORD", "leak_responder")
                : embedded().password();
    }

    private static EmbeddedPostgres embedded() {
        // One cluster per JVM (surefire's and failsafe's may overlap with another build of the same clone).
        return EmbeddedPostgres.shared(Path.of("target", "embedded-postgres").toAbsolutePath(),
                "test-" + ProcessHandle.current().pid(), true);
    }
}
