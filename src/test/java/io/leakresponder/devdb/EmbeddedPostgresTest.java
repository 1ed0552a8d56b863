package io.leakresponder.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL: a real server, never run as root, and not stopped by what a killed run left behind. */
class EmbeddedPostgresTest {

    private static String query(EmbeddedPostgres server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static long postmasterPid(EmbeddedPostgres server) throws IOException {
        return Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim());
    }

    @Test
    void runsARealPostgresAsAnUnprivilegedUserWhenTheJvmIsRoot() throws Exception {
        Assumptions.assumeFalse(TestDatabase.external(), "TEST_JDBC_URL names another server");
        TestDatabase.jdbcUrl("postgres");
        EmbeddedPostgres server = EmbeddedPostgres.shared(Path.of("target", "embedded-postgres").toAbsolutePath(),
                "test-" + ProcessHandle.current().pid(), true);

        assertThat(query(server, "SHOW server_version")).startsWith("17.");
        String owner = ProcessHandle.of(postmasterPid(server)).flatMap(p -> p.info().user()).orElseThrow();
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(owner).isEqualTo(EmbeddedPostgres.RUN_AS);
        } else {
            assertThat(owner).isEqualTo(System.getProperty("user.name"));
        }
    }

    @Test
    void aPostmasterPidLeftByAKilledServerDoesNotStopTheNextStart() throws Exception {
        Assumptions.assumeFalse(TestDatabase.external(), "TEST_JDBC_URL names another server");
        Path root = Path.of("target", "embedded-postgres-stale").toAbsolutePath();
        String name = "stale-" + ProcessHandle.current().pid();
        EmbeddedPostgres first = EmbeddedPostgres.shared(root, name, true);
        long pid = postmasterPid(first);
        // What a power cut or kill -9 leaves: the cluster with its postmaster.pid, and no server.
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(first.dataDirectory().resolve("postmaster.pid")).exists();
        System.clearProperty(EmbeddedPostgres.registryKey(root, name));

        EmbeddedPostgres second = EmbeddedPostgres.shared(root, name, true);

        assertThat(query(second, "SELECT 1")).isEqualTo("1");
        assertThat(postmasterPid(second)).isNotEqualTo(pid);
    }
}
