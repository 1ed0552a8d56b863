package io.leakresponder.ingest;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Storage of ingested reports. */
@ApplicationScoped
class IngestReportRepository implements PanacheRepositoryBase<IngestReport, UUID> {

    /**
     * Serialises report writes: two reports naming the same new credential must not both create it.
     * A transaction-scoped advisory lock is released at commit or rollback.
     */
    void lockIngestion() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(72110001)").getSingleResult();
    }

    /** Records a webhook delivery id; false when it was already recorded (a redelivery). */
    boolean recordDelivery(String source, String deliveryId, String event, java.time.Instant at) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO webhook_delivery (delivery_id, source, event, received_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT ON CONSTRAINT webhook_delivery_pk DO NOTHING
                """)
                .setParameter(1, deliveryId).setParameter(2, source).setParameter(3, event).setParameter(4, at)
                .executeUpdate() == 1;
    }
}
