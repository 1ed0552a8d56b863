package io.leakresponder.incident;

import io.leakresponder.credential.CredentialKind;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.twilio.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only questions the dashboard asks about many incidents at once: the filtered, ordered, paged list and
 * the overview figures. Filtering, ordering and counting happen in PostgreSQL, never over all rows in memory;
 * the SLA rule of {@link Sla} is repeated in SQL with the configured targets as parameters.
 */
@ApplicationScoped
public class IncidentQueries {

    /** The list joins the credential (kind and hint) and its liveness state (last verdict). */
    private static final String FROM = " FROM incident i JOIN credential c ON c.id = i.credential_id"
            + " LEFT JOIN credential_liveness l ON l.credential_id = i.credential_id";

    private static final String SEVERITY_RANK = "CASE i.severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1"
            + " WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END";

    /** {@link Sla#breached()} in SQL: a target reached late, or not reached by now, unless closed before containing. */
    private static final String BREACHED = "(NOT (i.state = 'CLOSED' AND i.contained_at IS NULL) AND ("
            + "COALESCE(i.acknowledged_at, :now) > i.opened_at + make_interval(secs => " + perSeverity("ack") + ")"
            + " OR COALESCE(i.contained_at, :now) > i.opened_at + make_interval(secs => " + perSeverity("contain")
            + ")))";

    private final EntityManager em;
    private final SlaConfig sla;
    private final LivenessService liveness;
    private final Clock clock;

    IncidentQueries(EntityManager em, SlaConfig sla, LivenessService liveness, Clock clock) {
        this.em = em;
        this.sla = sla;
        this.liveness = liveness;
        this.clock = clock;
    }

    private static String perSeverity(String target) {
        StringBuilder sql = new StringBuilder("CASE i.severity");
        for (Severity s : Severity.values()) {
            sql.append(" WHEN '").append(s.name()).append("' THEN :").append(target).append('_').append(s.name());
        }
        return sql.append(" END").toString();
    }

    /** The page of incidents the search asks for, with the total and per-state counts of all that match. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentSearch.Result search(IncidentSearch search) {
        Instant now = clock.instant();
        Where all = where(search, true, now);
        String order = switch (search.order()) {
            case SEVERITY -> SEVERITY_RANK + (search.descending() ? " ASC" : " DESC") + ", i.opened_at DESC";
            case AGE -> "i.opened_at" + (search.descending() ? " ASC" : " DESC");
        };
        Query page = all.bind(em.createNativeQuery("SELECT i.id, i.title, i.state, i.severity, i.assignee,"
                + " i.opened_at, i.updated_at, i.acknowledged_at, i.contained_at, l.last_verdict, l.last_checked_at,"
                + " c.kind, c.secret_hint" + FROM + all.sql() + " ORDER BY " + order + ", i.id"));
        page.setFirstResult(search.page() * search.size());
        page.setMaxResults(search.size());
        List<IncidentSearch.Row> rows = new ArrayList<>();
        for (Object row : page.getResultList()) {
            rows.add(row((Object[]) row, now));
        }
        // Counted without the state filter, so every state can be offered with what it would show.
        Where exceptState = where(search, false, now);
        Map<IncidentState, Long> perState = new EnumMap<>(IncidentState.class);
        for (IncidentState s : IncidentState.values()) {
            perState.put(s, 0L);
        }
        for (Object row : exceptState.bind(em.createNativeQuery("SELECT i.state, count(*)" + FROM
                + exceptState.sql() + " GROUP BY i.state")).getResultList()) {
            Object[] r = (Object[]) row;
            perState.put(IncidentState.valueOf((String) r[0]), ((Number) r[1]).longValue());
        }
        long total = search.states() == null || search.states().isEmpty()
                ? perState.values().stream().mapToLong(Long::longValue).sum()
                : search.states().stream().mapToLong(perState::get).sum();
        return new IncidentSearch.Result(rows, total, perState, search.page(), search.size());
    }

    /** Open incidents per severity, and the times to contain and to close over all incidents that got there. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentStats stats() {
        Map<Severity, Long> open = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            open.put(s, 0L);
        }
        for (Object row : em.createNativeQuery("SELECT i.severity, count(*) FROM incident i"
                + " WHERE i.state <> 'CLOSED' GROUP BY i.severity").getResultList()) {
            Object[] r = (Object[]) row;
            open.put(Severity.valueOf((String) r[0]), ((Number) r[1]).longValue());
        }
        long total = open.values().stream().mapToLong(Long::longValue).sum();
        return new IncidentStats(open, total, durations("contained_at"), durations("closed_at"));
    }

    /** Credentials whose last check said LIVE and that are still monitored. */
    public long liveCredentials() {
        return liveness.countLive();
    }

    /** Everyone incidents are assigned to, for the assignee filter. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> assignees() {
        List<String> names = new ArrayList<>();
        for (Object name : em.createNativeQuery("SELECT DISTINCT i.assignee FROM incident i"
                + " WHERE i.assignee IS NOT NULL ORDER BY 1 LIMIT 500").getResultList()) {
            names.add((String) name);
        }
        return names;
    }

    private IncidentStats.Durations durations(String milestone) {
        // Only two column names reach this, both constants of this class.
        String seconds = "CAST(EXTRACT(EPOCH FROM (i." + milestone + " - i.opened_at)) AS double precision)";
        Object[] r = (Object[]) em.createNativeQuery("SELECT count(*), avg(" + seconds + "), percentile_cont(0.5)"
                + " WITHIN GROUP (ORDER BY " + seconds + ") FROM incident i WHERE i." + milestone + " IS NOT NULL")
                .getSingleResult();
        return new IncidentStats.Durations(((Number) r[0]).longValue(), doubleOrNull(r[1]), doubleOrNull(r[2]));
    }

    private IncidentSearch.Row row(Object[] r, Instant now) {
        IncidentState state = IncidentState.valueOf((String) r[2]);
        Severity severity = Severity.valueOf((String) r[3]);
        Instant opened = instant(r[5]);
        Sla standing = Sla.of(state, severity, opened, instant(r[7]), instant(r[8]), sla, now);
        return new IncidentSearch.Row(uuid(r[0]), (String) r[1], state, severity, (String) r[4], standing, opened,
                instant(r[6]), r[9] == null ? null : Verdict.valueOf((String) r[9]), instant(r[10]),
                CredentialKind.valueOf((String) r[11]), (String) r[12]);
    }

    /** The WHERE clause of a search and its parameters. */
    private record Where(String sql, Map<String, Object> params) {
        Query bind(Query q) {
            params.forEach(q::setParameter);
            return q;
        }
    }

    private Where where(IncidentSearch s, boolean withState, Instant now) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (withState && s.states() != null && !s.states().isEmpty()) {
            clauses.add("i.state IN (:states)");
            params.put("states", s.states().stream().map(Enum::name).toList());
        }
        if (s.severity() != null) {
            clauses.add("i.severity = :severity");
            params.put("severity", s.severity().name());
        }
        if (s.liveness() == IncidentSearch.Liveness.UNCHECKED) {
            clauses.add("l.last_verdict IS NULL");
        } else if (s.liveness() != null) {
            clauses.add("l.last_verdict = :verdict");
            params.put("verdict", s.liveness().verdict().name());
        }
        if (s.unassigned()) {
            clauses.add("i.assignee IS NULL");
        } else if (s.assignee() != null) {
            clauses.add("i.assignee = :assignee");
            params.put("assignee", s.assignee());
        }
        if (s.breached() != null) {
            clauses.add((s.breached() ? "" : "NOT ") + BREACHED);
            params.put("now", now.atOffset(ZoneOffset.UTC));
            for (Severity sev : Severity.values()) {
                params.put("ack_" + sev.name(), (double) sla.acknowledge(sev).toSeconds());
                params.put("contain_" + sev.name(), (double) sla.contain(sev).toSeconds());
            }
        }
        return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
    }

    private static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    private static Double doubleOrNull(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    private static Instant instant(Object o) {
        return switch (o) {
            case null -> null;
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime t -> t.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + o.getClass().getName());
        };
    }
}
