package io.leakresponder.notify;

import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.OccurrenceView;
import io.leakresponder.incident.IncidentViews;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Everything any channel may say about an incident event, and nothing more: the only secret-derived item is the
 * credential's hint (its last characters), as on the dashboard. Every sender renders this and only this.
 *
 * @param link    the incident's dashboard page, or null without a public URL
 * @param where   repository and file of the first occurrence with one, or null
 * @param ticket  the external ticket reference, or null
 */
record Message(String key, NoticeEvent event, Instant at, UUID incidentId, String title, String severity,
        String state, String resolution, String credentialKind, String hint, String accountSid, String keySid,
        long occurrences, String where, String link, String ticket) {

    static Message of(String key, NoticeEvent event, Instant at, IncidentViews.Detail d, String publicUrl,
            String ticket) {
        CredentialView c = d.credential();
        String where = null;
        for (OccurrenceView o : d.occurrences()) {
            if (o.repository() != null || o.file() != null) {
                where = (o.repository() == null ? "" : o.repository()) + (o.file() == null
                        ? ""
                        : (o.repository() == null ? "" : ":") + o.file() + (o.line() == null ? "" : "#L" + o.line()));
                break;
            }
        }
        String link = publicUrl == null || publicUrl.isBlank()
                ? null
                : publicUrl.replaceAll("/+$", "") + "/ui/incidents/" + d.id();
        return new Message(key, event, at, d.id(), d.title(), d.severity().name(), d.state().name(),
                d.resolution() == null ? null : d.resolution().name(), c.kind().name(), c.hint(), c.accountSid(),
                c.keySid(), d.occurrenceCount(), where, link, ticket);
    }

    /** One line for subjects and summaries: "CRITICAL: Twilio Auth Token …dddd of AC… became LIVE". */
    String summary() {
        return severity + ": " + title + " " + event.verb();
    }

    /** The JSON body of the generic webhook (and the custom details of PagerDuty). */
    Map<String, Object> asJson() {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", incidentId);
        incident.put("title", title);
        incident.put("severity", severity);
        incident.put("state", state);
        incident.put("resolution", resolution);
        incident.put("url", link);
        incident.put("ticket", ticket);
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("kind", credentialKind);
        credential.put("hint", hint);
        credential.put("accountSid", accountSid);
        credential.put("keySid", keySid);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key);
        body.put("event", event.name());
        body.put("occurredAt", at.toString());
        body.put("incident", incident);
        body.put("credential", credential);
        body.put("occurrences", occurrences);
        body.put("where", where);
        return body;
    }

    /** Plain text for e-mail. */
    String asText() {
        StringBuilder t = new StringBuilder();
        t.append("Incident ").append(event.verb()).append(": ").append(title).append("\n\n");
        t.append("Severity:   ").append(severity).append('\n');
        t.append("State:      ").append(state).append(resolution == null ? "" : " (" + resolution + ")").append('\n');
        t.append("Credential: ").append(credentialKind).append(hint == null ? "" : " " + hint).append('\n');
        if (where != null) {
            t.append("Where:      ").append(where).append('\n');
        }
        t.append("Seen:       ").append(occurrences).append(" occurrence(s)\n");
        if (ticket != null) {
            t.append("Ticket:     ").append(ticket).append('\n');
        }
        t.append("Incident:   ").append(link != null ? link : incidentId.toString()).append('\n');
        t.append("\nThis message never contains the secret itself; open the incident to respond.\n");
        return t.toString();
    }
}
