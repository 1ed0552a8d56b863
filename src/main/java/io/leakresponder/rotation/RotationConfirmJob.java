package io.leakresponder.rotation;

import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.IncidentWorkflow;
import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobHandler;
import io.leakresponder.jobs.JobType;
import io.leakresponder.jobs.RetryPolicy;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.Trigger;
import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.UUID;

/** After the propagation delay: checks that the leaked credential is NOT_LIVE, then contains the incident. */
@ApplicationScoped
class RotationConfirmJob implements JobHandler<RotationConfirmJob.Payload> {

    static final String TASK = "rotation-confirm";
    private static final JobType<Payload> TYPE = new JobType<>(TASK, Payload.class);

    private final RotationService rotations;
    private final IncidentService incidents;
    private final IncidentWorkflow workflow;
    private final LivenessService liveness;
    private final RotationConfig config;

    RotationConfirmJob(RotationService rotations, IncidentService incidents, IncidentWorkflow workflow,
            LivenessService liveness, RotationConfig config) {
        this.rotations = rotations;
        this.incidents = incidents;
        this.workflow = workflow;
        this.liveness = liveness;
        this.config = config;
    }

    /** The rotation to confirm. */
    record Payload(UUID rotationId) {
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(config.confirmAttempts(), config.confirmBackoff(),
                config.confirmBackoff().multipliedBy(8));
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run(Payload payload, JobContext ctx) {
        Rotation r = rotations.rotation(payload.rotationId());
        if (r == null || r.status != Rotation.Status.AWAITING_CONFIRMATION) {
            return;
        }
        UUID credentialId = incidents.credentialOf(r.incidentId);
        LivenessResult check = liveness.checkNow(credentialId, Trigger.SCHEDULE, "rotation");
        if (check.verdict() == Verdict.NOT_LIVE) {
            if (incidents.stateOf(r.incidentId) == IncidentState.ACKNOWLEDGED) {
                workflow.recordContainment(r.incidentId, check, r.mode.name(), "rotation", null);
            }
            rotations.confirmed(r.id, true, "the leaked credential answered NOT_LIVE");
            return;
        }
        if (ctx.isLastAttempt()) {
            rotations.confirmed(r.id, false, "the leaked credential still answered " + check.verdict() + " after "
                    + ctx.attempt() + " checks: " + check.reason());
            return;
        }
        // Still answering: Twilio may not have propagated yet. Failing lets the job engine retry with back-off.
        throw new IllegalStateException("leaked credential still " + check.verdict());
    }
}
