package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each descriptor's table and columns are the ones the Flyway migrations created, in their order. */
@QuarkusTest
@TestProfile(UsageTestProfile.class)
class SourceTablesTest {

    @Inject
    DataSource dataSource;

    @Test
    void descriptorsDescribeTheMigratedTables() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (SourceDescriptor<?, ?> d : Sources.ALL) {
                List<String> expected = new ArrayList<>();
                expected.add("audit_id");
                expected.addAll(d.columns());
                assertThat(strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "current_schema() AND table_name = ? ORDER BY ordinal_position", d.name()))
                        .as(d.name()).containsExactlyElementsOf(expected);

                List<String> primaryKey = strings(c, "SELECT k.column_name FROM information_schema.table_constraints t "
                        + "JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name "
                        + "AND k.table_schema = t.table_schema WHERE t.table_schema = current_schema() "
                        + "AND t.table_name = ? AND t.constraint_type = 'PRIMARY KEY'", d.name());
                List<String> orderedBy = new ArrayList<>(List.of(d.order().split(", ")));
                orderedBy.add("audit_id");
                assertThat(primaryKey).as(d.name()).contains("audit_id");
                assertThat(orderedBy).as(d.name() + " is ordered by its whole primary key").containsAll(primaryKey);
            }
        }
    }

    private static List<String> strings(Connection c, String sql, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }
}
