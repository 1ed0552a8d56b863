package io.leakresponder.rotation;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storage of the rotation feature. */
final class RotationRepositories {

    private RotationRepositories() {
    }

    @ApplicationScoped
    static class Rotations implements PanacheRepositoryBase<Rotation, UUID> {
        Optional<Rotation> latest(UUID incidentId) {
            return find("incidentId = ?1 order by createdAt desc", incidentId).firstResultOptional();
        }
    }

    @ApplicationScoped
    static class Steps implements PanacheRepositoryBase<RotationStep, UUID> {
        List<RotationStep> of(UUID rotationId) {
            return list("rotationId = ?1 order by startedAt", rotationId);
        }

        long attempts(UUID rotationId, String step) {
            return count("rotationId = ?1 and step = ?2", rotationId, step);
        }

        Optional<RotationStep> open(UUID rotationId) {
            return find("rotationId = ?1 and status in ?2 order by startedAt desc", rotationId,
                    List.of(RotationStep.Status.STARTED, RotationStep.Status.UNKNOWN)).firstResultOptional();
        }
    }
}
