package io.leakresponder.incident;

import io.leakresponder.liveness.LivenessService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the response: open incidents by severity and state, live credentials, and how long
 * incidents take to be contained, remediated and closed. Counts come from the database (so every replica
 * reports the cluster's numbers), read at most every {@link #REFRESH} to keep scrapes cheap.
 */
@ApplicationScoped
public class IncidentMetrics {

    static final Duration REFRESH = Duration.ofSeconds(15);

    private final MeterRegistry registry;
    private final EntityManager em;
    private final LivenessService liveness;
    private final Map<Severity, Map<IncidentState, AtomicLong>> open = new EnumMap<>(Severity.class);
    private final AtomicLong live = new AtomicLong();
    private volatile Instant refreshedAt = Instant.EPOCH;
    private final Timer toContain;
    private final Timer toRemediate;
    private final Timer toClose;

    IncidentMetrics(MeterRegistry registry, EntityManager em, LivenessService liveness) {
        this.registry = registry;
        this.em = em;
        this.liveness = liveness;
        this.toContain = timer("leak_responder_incident_time_to_contain", "from opened to CONTAINED");
        this.toRemediate = timer("leak_responder_incident_time_to_remediate", "from opened to REMEDIATED");
        this.toClose = timer("leak_responder_incident_time_to_close", "from opened to CLOSED");
    }

    private Timer timer(String name, String what) {
        return Timer.builder(name).description("Time " + what).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMinutes(1)).maximumExpectedValue(Duration.ofDays(30))
                .register(registry);
    }

    void register(@Observes StartupEvent event) {
        for (Severity s : Severity.values()) {
            Map<IncidentState, AtomicLong> byState = new EnumMap<>(IncidentState.class);
            for (IncidentState st : IncidentState.values()) {
                if (st == IncidentState.CLOSED) {
                    continue;
                }
                AtomicLong value = new AtomicLong();
                byState.put(st, value);
                Gauge.builder("leak_responder_incidents_open", value, v -> {
                    refreshIfStale();
                    return v.get();
                }).description("Open incidents").tag("severity", s.name()).tag("state", st.name()).register(registry);
            }
            open.put(s, byState);
        }
        Gauge.builder("leak_responder_credentials_live", live, v -> {
            refreshIfStale();
            return v.get();
        }).description("Credentials whose last check said LIVE and that are still monitored").register(registry);
    }

    private void refreshIfStale() {
        if (Instant.now().isBefore(refreshedAt.plus(REFRESH))) {
            return;
        }
        refreshedAt = Instant.now();
        try {
            refresh();
        } catch (RuntimeException e) {
            // A scrape must not fail because the database blinked; the next one tries again.
            refreshedAt = Instant.EPOCH;
        }
    }

    @ActivateRequestContext
    void refresh() {
        open.values().forEach(m -> m.values().forEach(v -> v.set(0)));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createQuery("select i.severity, i.state, count(i) from Incident i "
                + "where i.state <> :closed group by i.severity, i.state")
                .setParameter("closed", IncidentState.CLOSED).getResultList();
        for (Object[] row : rows) {
            open.get((Severity) row[0]).get((IncidentState) row[1]).set((Long) row[2]);
        }
        live.set(liveness.countLive());
    }

    void contained(Incident i) {
        toContain.record(Duration.between(i.openedAt, i.containedAt));
    }

    void remediated(Incident i) {
        toRemediate.record(Duration.between(i.openedAt, i.remediatedAt));
    }

    void closed(Incident i) {
        toClose.record(Duration.between(i.openedAt, i.closedAt));
    }
}
