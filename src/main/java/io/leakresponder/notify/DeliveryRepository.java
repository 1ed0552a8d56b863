package io.leakresponder.notify;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Deliveries, dead letters among them. */
@ApplicationScoped
class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    boolean keyExists(String key) {
        return count("idempotencyKey", key) > 0;
    }

    List<Delivery> search(Delivery.Status status, UUID incidentId, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (status != null) {
            q.append(" and status = :status");
            p = p.and("status", status);
        }
        if (incidentId != null) {
            q.append(" and incidentId = :incident");
            p = p.and("incident", incidentId);
        }
        return find(q.toString(), Sort.descending("createdAt").and("id"), p).page(0, limit).list();
    }
}
