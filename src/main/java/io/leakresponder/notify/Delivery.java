package io.leakresponder.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message to one channel about one incident event, and how its delivery went. */
@Entity
@Table(name = "notification_delivery")
class Delivery {

    /** PENDING until delivered; DEAD once the retry budget is spent (a dead letter). */
    enum Status {
        PENDING, DELIVERED, DEAD
    }

    @Id
    UUID id;

    @Column(name = "channel_id", nullable = false)
    UUID channelId;

    @Column(name = "incident_id", nullable = false)
    UUID incidentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    NoticeEvent event;

    @Column(name = "idempotency_key", nullable = false)
    String idempotencyKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;

    @Column(nullable = false)
    int attempts;

    @Column(name = "last_http_status")
    Integer lastHttpStatus;

    /** Why the last attempt failed, in our words: a status and host, never a receiver's URL or body. */
    @Column(name = "last_error")
    String lastError;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "delivered_at")
    Instant deliveredAt;

    static Delivery pending(UUID channelId, UUID incidentId, NoticeEvent event, String key, Instant now) {
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.channelId = channelId;
        d.incidentId = incidentId;
        d.event = event;
        d.idempotencyKey = key;
        d.status = Status.PENDING;
        d.createdAt = now;
        d.updatedAt = now;
        return d;
    }

    void delivered(Integer httpStatus, Instant now) {
        attempts++;
        status = Status.DELIVERED;
        lastHttpStatus = httpStatus;
        lastError = null;
        deliveredAt = now;
        updatedAt = now;
    }

    void failed(Integer httpStatus, String error, boolean dead, Instant now) {
        attempts++;
        lastHttpStatus = httpStatus;
        lastError = error;
        status = dead ? Status.DEAD : Status.PENDING;
        updatedAt = now;
    }

    void retry(Instant now) {
        status = Status.PENDING;
        updatedAt = now;
    }
}
