package io.leakresponder.notify;

import io.leakresponder.incident.IncidentEventRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Listens to incident events inside the transaction that records them and enqueues a fan-out job for those that
 * notify: one row in the caller's transaction, no network, so ingestion and rotation never wait for a receiver.
 */
@ApplicationScoped
class IncidentNotices {

    private final NotificationService notifications;

    IncidentNotices(NotificationService notifications) {
        this.notifications = notifications;
    }

    void onEvent(@Observes IncidentEventRecorded event) {
        NoticeEvent.of(event).ifPresent(n -> notifications.enqueueFanOut(event.incidentId(), n,
                Integer.toString(event.seq())));
    }
}
