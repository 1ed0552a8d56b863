package io.leakresponder.ingest;

import io.leakresponder.credential.CredentialView;
import java.util.List;
import java.util.Map;

/**
 * Fired inside the ingest transaction once a report's credentials and occurrences are written, so that the incident
 * feature opens or updates each credential's incident atomically with them. The ingest answer names the incidents a
 * report touched, so the observer answers with {@link #touched(List)}; a report that nobody answered for rolls back
 * rather than claim it touched no incident.
 */
public final class FindingsRecorded {

    /** What one report brings to one credential. */
    public record PerCredential(CredentialView credential, boolean credentialIsNew, boolean upgraded,
            int newOccurrences) {
    }

    private final List<PerCredential> credentials;
    private final String actor;
    private final Map<String, Object> report;
    private List<IngestOutcome.TouchedIncident> touched;

    FindingsRecorded(List<PerCredential> credentials, String actor, Map<String, Object> report) {
        this.credentials = List.copyOf(credentials);
        this.actor = actor;
        this.report = report;
    }

    /** Per credential, in report order. */
    public List<PerCredential> credentials() {
        return credentials;
    }

    /** Who submitted the report, as audit records name them. */
    public String actor() {
        return actor;
    }

    /** The report's reference (id, format, source, scanners) for the incidents' trail. */
    public Map<String, Object> report() {
        return report;
    }

    /** The observer's answer: per credential, in the order of {@link #credentials()}, its incident. */
    public void touched(List<IngestOutcome.TouchedIncident> incidents) {
        if (touched != null) {
            throw new IllegalStateException("the incidents of this report were already answered");
        }
        if (incidents.size() != credentials.size()) {
            throw new IllegalStateException("expected an incident for each of " + credentials.size()
                    + " credentials, got " + incidents.size());
        }
        touched = List.copyOf(incidents);
    }

    List<IngestOutcome.TouchedIncident> touched() {
        if (touched == null) {
            throw new IllegalStateException("no observer recorded the incidents of this report");
        }
        return touched;
    }
}
