package io.leakresponder.demo;

import io.leakresponder.account.AccountCredentialService;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.ingest.IngestOutcome;
import io.leakresponder.ingest.IngestService;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Fills an empty database with the demo's sample incidents: the bundled scanner reports go through the normal ingest
 * path (so liveness checks are queued as for any report), and the demo account's Main API key is registered as its
 * admin credential, so that rotation and the usage audit work right away. Runs once the HTTP server (and with it the
 * simulator) is up.
 */
@ApplicationScoped
class DemoSeeder {

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);
    static final String ACTOR = "demo";
    private static final DateTimeFormatter TRUFFLEHOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")
            .withZone(ZoneOffset.UTC);

    @Inject
    DemoConfig config;

    @Inject
    SimulatorRoutes routes;

    @Inject
    IngestService ingest;

    @Inject
    IncidentService incidents;

    @Inject
    AccountCredentialService accounts;

    private final CompletableFuture<List<IngestOutcome>> seeded = new CompletableFuture<>();

    /** Quarkus fires this asynchronously, off the event loop, once the HTTP server (and the simulator) listens. */
    void onHttpStarted(@ObservesAsync HttpServerStart started) {
        if (!config.enabled()) {
            return;
        }
        try {
            seeded.complete(seedIfEmpty());
        } catch (RuntimeException e) {
            // Messages here are the service's own problem texts, which never carry a secret.
            LOG.error("DEMO MODE: seeding the sample incidents failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            seeded.completeExceptionally(e);
        }
    }

    /** Completes when start-up seeding has finished (with nothing when the database already held incidents). */
    CompletableFuture<List<IngestOutcome>> seeded() {
        return seeded;
    }

    /** Ingests the sample reports and registers the demo admin credential, unless incidents exist already. */
    List<IngestOutcome> seedIfEmpty() {
        if (incidents.list(null, null, 0, 1).total() > 0) {
            LOG.info("DEMO MODE: the database already holds incidents; no samples added");
            return List.of();
        }
        Instant now = routes.simulator().seededAt();
        Instant leak = now.minus(3, ChronoUnit.DAYS);
        Instant oldLeak = now.minus(40, ChronoUnit.DAYS);
        List<IngestOutcome> outcomes = new ArrayList<>();
        Map<String, String> dates = Map.of("{{LEAK_DATE}}", DateTimeFormatter.ISO_INSTANT.format(leak),
                "{{LEAK_TIMESTAMP}}", TRUFFLEHOG_TIME.format(leak),
                "{{OLD_LEAK_TIMESTAMP}}", TRUFFLEHOG_TIME.format(oldLeak));
        outcomes.add(ingest("demo/gitleaks-report.json", "gitleaks", "demo: demo-corp/shop (gitleaks)", dates));
        outcomes.add(ingest("demo/trufflehog-report.jsonl", "trufflehog", "demo: demo-corp/ops-scripts (TruffleHog)",
                dates));
        if (accounts.list().stream().noneMatch(a -> DemoAccounts.ACCOUNT_SID.equals(a.accountSid()))) {
            accounts.register(DemoAccounts.ACCOUNT_SID, null, DemoAccounts.ADMIN_KEY_SID, DemoAccounts.ADMIN_KEY_SECRET,
                    "DEMO admin key (simulated, fake)", ACTOR);
        }
        int opened = outcomes.stream().mapToInt(o -> o.credentials().newCount()).sum();
        LOG.infof("DEMO MODE: %d sample credential(s) ingested from the bundled reports; open /ui/incidents", opened);
        return outcomes;
    }

    /** Ingests one bundled report with its date placeholders filled in, so its leaks are recent. */
    private IngestOutcome ingest(String resource, String format, String source, Map<String, String> dates) {
        String report = read(resource);
        for (Map.Entry<String, String> date : dates.entrySet()) {
            report = report.replace(date.getKey(), date.getValue());
        }
        byte[] bytes = report.getBytes(StandardCharsets.UTF_8);
        return ingest.ingest(new ByteArrayInputStream(bytes), (long) bytes.length, format, source, ACTOR);
    }

    private static String read(String resource) {
        try (InputStream in = DemoSeeder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("demo sample " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
