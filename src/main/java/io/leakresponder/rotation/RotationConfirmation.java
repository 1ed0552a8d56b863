package io.leakresponder.rotation;

import io.leakresponder.incident.IncidentService;
import io.leakresponder.jobs.JobEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Confirmation of a rotation: once the leaked credential should have stopped working, a durable job
 * ({@link RotationConfirmJob}) checks after the propagation delay that it answers NOT_LIVE, and its verdict settles
 * the rotation as CONFIRMED or FAILED on the incident.
 */
@ApplicationScoped
class RotationConfirmation {

    private final RotationRepositories.Rotations rotations;
    private final IncidentService incidents;
    private final JobEngine jobs;
    private final RotationConfig config;
    private final Clock clock;

    RotationConfirmation(RotationRepositories.Rotations rotations, IncidentService incidents, JobEngine jobs,
            RotationConfig config, Clock clock) {
        this.rotations = rotations;
        this.incidents = incidents;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The rotation waits for confirmation, which runs after the propagation delay. */
    void await(UUID rotationId) {
        Instant after = Instant.now().plus(config.propagationDelay());
        setConfirmation(rotationId, after);
        schedule(rotationId, after);
    }

    @Transactional
    void setConfirmation(UUID rotationId, Instant after) {
        Rotation r = rotations.findById(rotationId);
        r.status = Rotation.Status.AWAITING_CONFIRMATION;
        r.confirmAfter = after;
        r.updatedAt = now();
    }

    @Transactional
    void schedule(UUID rotationId, Instant when) {
        jobs.schedule(RotationConfirmJob.TASK, "confirm:" + rotationId, new RotationConfirmJob.Payload(rotationId),
                when);
    }

    /** The confirmation job's verdict: CONFIRMED, or FAILED after the last attempt. */
    @Transactional
    void confirmed(UUID rotationId, boolean ok, String reason) {
        Rotation r = rotations.findById(rotationId);
        r.status = ok ? Rotation.Status.CONFIRMED : Rotation.Status.FAILED;
        r.updatedAt = now();
        incidents.recordEvent(r.incidentId, "rotation", ok ? "rotation_confirmed" : "rotation_not_confirmed",
                new LinkedHashMap<>(Map.of("rotation", r.id.toString(), "reason", reason)));
    }
}
