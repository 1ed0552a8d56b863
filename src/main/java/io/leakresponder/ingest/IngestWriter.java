package io.leakresponder.ingest;

import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.SecretCredentialsAdded;
import io.leakresponder.credential.Evidence;
import io.leakresponder.credential.OccurrenceData;
import io.leakresponder.ingest.parse.ScannerFinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the Twilio findings of one report in one transaction: all of it or nothing. No network call
 * happens here; parsing is over before the transaction starts.
 */
@ApplicationScoped
class IngestWriter {

    private final IngestReportRepository reports;
    private final CredentialService credentials;
    private final Clock clock;
    private final Event<FindingsRecorded> findingsRecorded;
    private final Event<SecretCredentialsAdded> secretsAdded;

    IngestWriter(IngestReportRepository reports, CredentialService credentials, Clock clock,
            Event<FindingsRecorded> findingsRecorded, Event<SecretCredentialsAdded> secretsAdded) {
        this.reports = reports;
        this.credentials = credentials;
        this.clock = clock;
        this.findingsRecorded = findingsRecorded;
        this.secretsAdded = secretsAdded;
    }

    /** The report as received, for the record. */
    record ReportMeta(String format, String source, String bodySha256, long bodyBytes, int received, int twilio,
            int ignored, String submittedBy) {
    }

    /** Per credential: what this report brings. */
    private static final class Batch {
        final UUID credentialId;
        boolean created;
        boolean upgraded;
        final List<OccurrenceData> occurrences = new ArrayList<>();

        Batch(UUID credentialId) {
            this.credentialId = credentialId;
        }
    }

    @Transactional
    IngestOutcome write(List<ScannerFinding> findings, ReportMeta meta, List<String> warnings) {
        reports.lockIngestion();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        IngestReport report = new IngestReport();
        report.id = UUID.randomUUID();
        report.format = meta.format();
        report.source = meta.source();
        report.bodySha256 = meta.bodySha256();
        report.bodyBytes = meta.bodyBytes();
        report.received = meta.received();
        report.twilio = meta.twilio();
        report.ignored = meta.ignored();
        report.receivedAt = now;
        report.submittedBy = meta.submittedBy();
        reports.persist(report);

        // One resolution per distinct evidence, all in one pass: a token reported 50 times is looked up once, and
        // the credentials the whole report can touch are loaded together.
        Map<Evidence, Instant> earliest = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>(findings.size());
        List<OccurrenceData> found = new ArrayList<>(findings.size());
        for (ScannerFinding f : findings) {
            Evidence e = evidence(f);
            OccurrenceData occurrence = occurrence(f);
            evidence.add(e);
            found.add(occurrence);
            earliest.put(e, earlier(earliest.get(e), occurrence.earliestEvidence()));
        }
        Map<Evidence, CredentialService.Resolution> resolved = credentials.resolveAll(earliest, now);
        Map<UUID, Batch> batches = new LinkedHashMap<>();
        for (int i = 0; i < evidence.size(); i++) {
            CredentialService.Resolution r = resolved.get(evidence.get(i));
            Batch batch = batches.computeIfAbsent(r.credential().id(), Batch::new);
            batch.created |= r.created();
            batch.upgraded |= r.upgraded();
            batch.occurrences.add(found.get(i));
        }

        Map<String, Object> reportRef = new LinkedHashMap<>();
        reportRef.put("id", report.id.toString());
        reportRef.put("format", meta.format());
        reportRef.put("source", meta.source());
        reportRef.put("scanners", scanners(findings));
        int newCredentials = 0;
        int newOccurrences = 0;
        int knownOccurrences = 0;
        List<UUID> withNewSecret = new ArrayList<>();
        Map<UUID, List<OccurrenceData>> byCredential = new LinkedHashMap<>();
        batches.values().forEach(b -> byCredential.put(b.credentialId, b.occurrences));
        Map<UUID, Integer> addedByCredential = credentials.recordOccurrences(report.id, byCredential, now);
        List<FindingsRecorded.PerCredential> perCredential = new ArrayList<>(batches.size());
        for (Batch batch : batches.values()) {
            int added = addedByCredential.get(batch.credentialId);
            newOccurrences += added;
            knownOccurrences += batch.occurrences.size() - added;
            if (batch.created) {
                newCredentials++;
            }
            CredentialView view = credentials.view(batch.credentialId).orElseThrow();
            if ((batch.created || batch.upgraded) && view.secretStored()) {
                withNewSecret.add(view.id());
            }
            perCredential.add(new FindingsRecorded.PerCredential(view, batch.created, batch.upgraded, added));
        }
        // The incident feature opens or updates each credential's incident in this same transaction.
        FindingsRecorded recorded = new FindingsRecorded(perCredential, meta.submittedBy(), reportRef);
        findingsRecorded.fire(recorded);
        List<IngestOutcome.TouchedIncident> touched = recorded.touched();
        if (!withNewSecret.isEmpty()) {
            // Observers (the liveness feature) enqueue their work in this same transaction.
            secretsAdded.fire(new SecretCredentialsAdded(withNewSecret));
        }
        boolean addedSomething = newOccurrences > 0 || touched.stream().anyMatch(IngestOutcome.TouchedIncident::opened);
        if (!addedSomething) {
            // Posting the same report again adds nothing, not even a report record.
            reports.deleteById(report.id);
            warnings.add("nothing new: every finding of this report is already recorded");
        }
        return new IngestOutcome(meta.format(), meta.received(), meta.twilio(), meta.ignored(),
                new IngestOutcome.Counts(newCredentials, batches.size() - newCredentials),
                new IngestOutcome.Counts(newOccurrences, knownOccurrences), touched, warnings,
                addedSomething ? report.id : null);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static List<String> scanners(List<ScannerFinding> findings) {
        Set<String> names = new LinkedHashSet<>();
        for (ScannerFinding f : findings) {
            names.add(f.scanner());
        }
        return List.copyOf(names);
    }

    static Evidence evidence(ScannerFinding f) {
        boolean valueLess = f.accountSid() == null && f.keySid() == null && f.secret() == null
                && f.secretSha1() == null;
        return new Evidence(f.accountSid(), f.keySid(), f.secret(),
                f.secretKind() == ScannerFinding.SecretKind.API_KEY_SECRET, f.secretSha1(),
                valueLess ? f.link() : null);
    }

    static OccurrenceData occurrence(ScannerFinding f) {
        return new OccurrenceData(f.scanner(), f.rule(), f.repository(), f.file(), f.line(), f.commit(), f.author(),
                f.commitDate(), f.link(), f.detectedAt(), f.scannerValidity());
    }
}
