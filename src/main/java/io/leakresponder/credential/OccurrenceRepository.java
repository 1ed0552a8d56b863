package io.leakresponder.credential;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.hibernate.Session;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Storage of occurrences. */
@ApplicationScoped
class OccurrenceRepository implements PanacheRepositoryBase<Occurrence, UUID> {

    /**
     * Which (credential, dedup key) pairs already exist, for many credentials in one query: both lists go as one
     * array parameter each, whatever their length.
     */
    Set<String> existingPairs(Collection<UUID> credentialIds, Collection<String> keys) {
        Set<String> found = new HashSet<>();
        if (credentialIds.isEmpty() || keys.isEmpty()) {
            return found;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT credential_id, dedup_key "
                    + "FROM occurrence WHERE credential_id = ANY (?::uuid[]) AND dedup_key = ANY (?::text[])")) {
                query.setArray(1, connection.createArrayOf("uuid", credentialIds.toArray()));
                query.setArray(2, connection.createArrayOf("text", keys.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1) + "/" + rows.getString(2));
                    }
                }
            }
        });
        return found;
    }

    /**
     * Writes new occurrences in one statement, each column as one array parameter, on the transaction's own
     * connection. They never enter the persistence context, so later flushes in the transaction need not check
     * them. Pending entity changes (the credentials they point at) are flushed first.
     */
    void insertAll(List<Occurrence> added) {
        if (added.isEmpty()) {
            return;
        }
        getEntityManager().flush();
        int n = added.size();
        String[][] text = new String[12][n];
        Long[][] times = new Long[3][n];
        Integer[] lines = new Integer[n];
        for (int i = 0; i < n; i++) {
            Occurrence o = added.get(i);
            String[] row = {str(o.id), str(o.credentialId), str(o.reportId), o.dedupKey, o.scanner, o.rule,
                    o.repository, o.file, o.commit, o.author, o.link, o.scannerValidity};
            for (int c = 0; c < row.length; c++) {
                text[c][i] = row[c];
            }
            times[0][i] = micros(o.commitDate);
            times[1][i] = micros(o.detectedAt);
            times[2][i] = micros(o.recordedAt);
            lines[i] = o.line;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int p = 1;
                for (String[] column : text) {
                    insert.setArray(p++, connection.createArrayOf("text", column));
                }
                for (Long[] column : times) {
                    insert.setArray(p++, connection.createArrayOf("int8", column));
                }
                insert.setArray(p, connection.createArrayOf("int4", lines));
                int stored = insert.executeUpdate();
                if (stored != n) {
                    throw new IllegalStateException("stored " + stored + " of " + n + " occurrences");
                }
            }
        });
    }

    /** Times go as microseconds since the epoch: exact, and valid for every year PostgreSQL can store. */
    private static final String INSERT = "INSERT INTO occurrence (id, credential_id, report_id, dedup_key, scanner, "
            + "rule, repository, file, commit_sha, author, link, scanner_validity, commit_date, detected_at, "
            + "recorded_at, line) "
            + "SELECT id::uuid, credential_id::uuid, report_id::uuid, dedup_key, scanner, rule, repository, file, "
            + "commit_sha, author, link, scanner_validity, " + at("commit_date") + ", " + at("detected_at") + ", "
            + at("recorded_at") + ", line "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int4[]) "
            + "AS u(id, credential_id, report_id, dedup_key, scanner, rule, repository, file, commit_sha, author, "
            + "link, scanner_validity, commit_date, detected_at, recorded_at, line)";

    private static String at(String micros) {
        return "timestamptz 'epoch' + " + micros + " * interval '1 microsecond'";
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }

    private static Long micros(Instant instant) {
        if (instant == null) {
            return null;
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    List<Occurrence> listByCredential(UUID credentialId, int limit) {
        return find("credentialId = ?1 order by recordedAt, repository, file, line", credentialId).page(0, limit)
                .list();
    }

    long countByCredential(UUID credentialId) {
        return count("credentialId", credentialId);
    }

    Optional<Occurrence> findFirstByLink(String link) {
        return find("link = ?1 order by recordedAt", link).firstResultOptional();
    }
}
