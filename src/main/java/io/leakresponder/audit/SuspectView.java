package io.leakresponder.audit;

import java.time.Instant;
import java.util.UUID;

/** A key or subaccount created during the exposure window, as the API and the dashboard show it. */
public record SuspectView(UUID id, String kind, String sid, String friendlyName, Instant createdAt, String decision,
        String decidedBy, Instant decidedAt, String note) {
    static SuspectView of(SuspectResource s) {
        return new SuspectView(s.id, s.kind, s.sid, s.friendlyName, s.twilioCreatedAt, s.decision, s.decidedBy,
                s.decidedAt, s.note);
    }
}
